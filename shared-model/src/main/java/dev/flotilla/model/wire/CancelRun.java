package dev.flotilla.model.wire;

import java.util.UUID;

/** Stop a run before its next step; a step already running finishes. */
public record CancelRun(UUID runId, String reason) implements Command {}
