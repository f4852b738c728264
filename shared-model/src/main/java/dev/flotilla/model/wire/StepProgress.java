package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Version;
import java.util.UUID;

/**
 * A long step is still executing; a batched step says how far it got.
 *
 * @param rowsDone keys a batched step has covered so far, over all its runs; 0 for other steps
 * @param rowsTotal the table's row count as PostgreSQL's statistics estimate it; null when unknown or
 *     when the step is not batched
 * @param cursor the key up to which batches are committed; null when the step has no cursor yet
 * @param rowsPerSecond keys covered per second by the current run; null when not yet measured
 * @param etaSeconds estimated seconds left, from the estimated total and the current rate; null when
 *     unknown
 */
public record StepProgress(
        UUID runId,
        Version version,
        long rowsDone,
        Long rowsTotal,
        String cursor,
        Double rowsPerSecond,
        Long etaSeconds)
        implements Event {

    /** A step that is alive, with nothing to say about rows. */
    public static StepProgress alive(UUID runId, Version version) {
        return new StepProgress(runId, version, 0, null, null, null, null);
    }
}
