package dev.flotilla.model.wire;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of a tenant's history, as reported in an {@link Inventory}.
 *
 * @param version as the history table spells it; text, not a {@code Version}, because the row comes
 *     from a table the coordinator does not own: the coordinator checks it and sets aside an inventory
 *     with a version that is not digits, naming the tenant
 * @param state {@code applied} or {@code dirty}
 * @param rollout the rollout the history row names; optional (null when it names none, or from agents
 *     that did not send it)
 */
public record AppliedMigration(
        String version, String name, String checksum, String state, Instant appliedAt, UUID rollout) {

    public AppliedMigration(String version, String name, String checksum, String state, Instant appliedAt) {
        this(version, name, checksum, state, appliedAt, null);
    }

    public static final String APPLIED = "applied";
    public static final String DIRTY = "dirty";
}
