package dev.flotilla.coordinator.api;

import dev.flotilla.coordinator.access.ChainCheck;
import dev.flotilla.coordinator.service.AuditLog;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The audit log: {@code GET /api/audit?since=&limit=} lists it newest first; {@code GET
 * /api/audit/verify} checks its hash chain and says where it first breaks.
 */
@Path("/api/audit")
@RolesAllowed("viewer")
public class AuditResource {

    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    /** One row as listed. */
    public record Line(
            long seq, Instant at, String actor, String action, String target, int status, String detail, String hash) {

        static Line of(AuditLog.Line line) {
            var e = line.entry();
            return new Line(line.seq(), e.at(), e.actor(), e.action(), e.target(), e.status(), e.detail(), line.hash());
        }
    }

    /** The chain's state: intact, or the first row where it breaks. */
    public record Verification(boolean intact, long rows, String head, Long brokenAt, String problem) {

        static Verification of(ChainCheck.Result r) {
            return new Verification(
                    r.intact(),
                    r.rows(),
                    r.head(),
                    r.intact() ? null : r.firstBreak().seq(),
                    r.intact() ? null : r.firstBreak().problem());
        }
    }

    @GET
    public Uni<List<Line>> list(
            @QueryParam("since") String since, @QueryParam("limit") @DefaultValue("100") String limit) {
        int count = QueryParams.integer("limit", limit, 1, 10_000, "limit must be between 1 and 10000");
        return audit.since(instant(since), count)
                .map(lines -> lines.stream().map(Line::of).toList());
    }

    @GET
    @Path("/verify")
    public Uni<Verification> verify() {
        return audit.verify().map(Verification::of);
    }

    private static Instant instant(String since) {
        if (since == null || since.isBlank()) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(since.strip());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("since", "since must be an instant such as 2026-12-01T00:00:00Z, got " + since);
        }
    }
}
