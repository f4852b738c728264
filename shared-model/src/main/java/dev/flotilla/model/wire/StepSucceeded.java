package dev.flotilla.model.wire;

import java.util.UUID;

/**
 * A step is done and recorded in the tenant's history table.
 *
 * @param alreadyApplied true when the history already had it with the same checksum and nothing ran
 */
public record StepSucceeded(
        UUID runId, String version, Direction direction, String checksum, long durationMs, boolean alreadyApplied)
        implements Event {}
