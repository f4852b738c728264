package dev.flotilla.model.wire;

import java.time.Instant;

/**
 * One row of a tenant's history, as reported in an {@link Inventory}.
 *
 * @param state {@code applied} or {@code dirty}
 */
public record AppliedMigration(String version, String name, String checksum, String state, Instant appliedAt) {

    public static final String APPLIED = "applied";
    public static final String DIRTY = "dirty";
}
