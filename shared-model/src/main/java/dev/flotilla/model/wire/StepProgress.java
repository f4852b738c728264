package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Version;
import java.util.UUID;

/**
 * Progress of a long step.
 *
 * @param rowsTotal null when unknown
 * @param cursor null when the step has no resumable cursor
 */
public record StepProgress(UUID runId, Version version, long rowsDone, Long rowsTotal, String cursor)
        implements Event {}
