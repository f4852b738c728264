package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Version;
import java.util.UUID;

/**
 * A step is done and recorded in the tenant's history table.
 *
 * @param alreadyApplied true when the history already had it with the same checksum and nothing ran
 */
public record StepSucceeded(
        UUID runId, Version version, Direction direction, String checksum, long durationMs, boolean alreadyApplied)
        implements Event {}
