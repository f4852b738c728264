package dev.flotilla.model.wire;

import java.util.UUID;

/**
 * Stop a run for good: the agent starts no further step of it and answers every later copy of it
 * cancelled; a statement it is running is cancelled ({@code pg_cancel_backend}), and a batched step
 * stops after its current batch.
 */
public record CancelRun(UUID runId, String reason) implements Command {}
