package dev.flotilla.coordinator.access;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One line of the audit log: who asked for what, and what came of it.
 *
 * @param actor the authenticated identity, or {@code anonymous} for a request without valid credentials
 * @param action what was asked, as {@code METHOD /path/template} (the template, not the ids in it)
 * @param target the path actually asked for, ids included
 * @param status the HTTP status the coordinator answered with
 * @param detail why it was refused, or what was done (a token's name and role); null when nothing to add
 */
public record AuditEntry(Instant at, String actor, String action, String target, int status, String detail) {

    /** Kept to the microsecond, as PostgreSQL stores it, so a row read back hashes as it was written. */
    public AuditEntry {
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    /** Whether the request was refused for want of credentials (401) or of a role (403). */
    public boolean refused() {
        return status == 401 || status == 403;
    }
}
