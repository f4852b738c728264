package dev.flotilla.agent.history;

import java.time.Instant;

/**
 * The latest history row of one version in one tenant.
 *
 * @param direction {@code up} or {@code down}
 * @param state {@code running}, {@code applied} or {@code dirty}
 */
public record HistoryEntry(
        String version, String name, String checksum, String direction, String state, Instant appliedAt) {

    /** What the row means for the version. */
    public enum Status {
        /** Applied, with {@link #checksum()}. */
        APPLIED,
        /** Never applied, or rolled back. */
        ABSENT,
        /** A non-transactional step started and did not finish: the tenant may be half-changed. */
        DIRTY
    }

    public Status status() {
        if (!state.equals(HistoryTable.APPLIED)) {
            return Status.DIRTY;
        }
        return direction.equals(HistoryTable.UP) ? Status.APPLIED : Status.ABSENT;
    }
}
