package dev.flotilla.agent.history;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The latest history row of one version in one tenant.
 *
 * @param direction {@code up} or {@code down}
 * @param state {@code running}, {@code applied} or {@code dirty}
 * @param rolloutId the rollout the row names, as the table stores it (text); null when none
 */
public record HistoryEntry(
        String version,
        String name,
        String checksum,
        String direction,
        String state,
        Instant appliedAt,
        String rolloutId) {

    public HistoryEntry(
            String version, String name, String checksum, String direction, String state, Instant appliedAt) {
        this(version, name, checksum, direction, state, appliedAt, null);
    }

    /** The rollout the row names, when it names one as a UUID. */
    public Optional<UUID> rollout() {
        try {
            return Optional.ofNullable(rolloutId).map(UUID::fromString);
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }

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
