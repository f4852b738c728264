package dev.flotilla.model.wire;

import java.util.UUID;

/**
 * A run ended and the tenant's lock is released.
 *
 * @param message why it failed or was cancelled, null when it succeeded
 */
public record RunFinished(UUID runId, RunOutcome outcome, String message) implements Event {}
