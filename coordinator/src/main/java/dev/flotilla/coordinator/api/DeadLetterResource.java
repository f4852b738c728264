package dev.flotilla.coordinator.api;

import dev.flotilla.coordinator.service.DeadLetterReads;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/**
 * Messages set aside, for an operator to inspect: events the coordinator can never fold, outbox rows the
 * broker can never take ({@code outgoing}), and commands an agent could not carry out ({@code
 * setAsideBy} {@code agent}).
 */
@Path("/api/dead-letters")
public class DeadLetterResource {

    private static final int LIMIT = 100;

    private final DeadLetterReads deadLetters;

    public DeadLetterResource(DeadLetterReads deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The 100 most recent, newest first. */
    @GET
    public List<DeadLetterReads.DeadLetter> recent() {
        return deadLetters.recent(LIMIT);
    }
}
