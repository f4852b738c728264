package dev.flotilla.coordinator.api;

import dev.flotilla.coordinator.service.DeadLetterReads;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/** Events the coordinator set aside because they can never be folded, for an operator to inspect. */
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
