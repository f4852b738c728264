package dev.flotilla.coordinator.api;

import dev.flotilla.coordinator.service.DeadLetterReads;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Set;

/**
 * Messages set aside, for an operator to inspect: events the coordinator can never fold, outbox rows the
 * broker can never take ({@code outgoing}), and commands an agent could not carry out ({@code
 * setAsideBy} {@code agent}).
 */
@Path("/api/dead-letters")
@RolesAllowed("viewer")
public class DeadLetterResource {

    private static final Set<String> SET_ASIDE_BY = Set.of("coordinator", "agent");

    private final DeadLetterReads deadLetters;

    public DeadLetterResource(DeadLetterReads deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The {@code limit} most recent (100 unless given), newest first; only those {@code setAsideBy} one side when given. */
    @GET
    public List<DeadLetterReads.DeadLetter> recent(
            @QueryParam("limit") @DefaultValue("100") String limit, @QueryParam("setAsideBy") String setAsideBy) {
        int count = QueryParams.integer("limit", limit, 1, 1000, "limit must be between 1 and 1000");
        if (setAsideBy != null && !SET_ASIDE_BY.contains(setAsideBy)) {
            throw ApiProblem.badRequest(
                    "setAsideBy", "setAsideBy must be coordinator or agent, got '" + setAsideBy + "'");
        }
        return deadLetters.recent(count, setAsideBy);
    }
}
