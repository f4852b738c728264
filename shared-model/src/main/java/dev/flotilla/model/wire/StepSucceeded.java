package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Version;
import java.util.UUID;

/**
 * A step is done and recorded in the tenant's history table.
 *
 * @param alreadyApplied true when the history already had it with the same checksum and nothing ran
 * @param appliedBy when already applied, the rollout the history row that applied it names; optional
 *     (null when the row names none, or from agents that did not send it)
 */
public record StepSucceeded(
        UUID runId,
        Version version,
        Direction direction,
        String checksum,
        long durationMs,
        boolean alreadyApplied,
        UUID appliedBy)
        implements Event {

    public StepSucceeded(
            UUID runId,
            Version version,
            Direction direction,
            String checksum,
            long durationMs,
            boolean alreadyApplied) {
        this(runId, version, direction, checksum, durationMs, alreadyApplied, null);
    }
}
