package dev.flotilla.coordinator.matrix;

import dev.flotilla.model.wire.Direction;

/**
 * The cell state machine. Pure: the same (state, input) always gives the same transition, and
 * applying an input twice changes nothing the second time, which is what makes folding
 * at-least-once events idempotent.
 */
public final class CellMachine {

    private CellMachine() {}

    public static Transition next(CellState state, CellInput input) {
        return switch (input) {
            case CellInput.StepStarted started -> started(state, started.direction());
            case CellInput.StepSucceeded succeeded -> succeeded(state, succeeded.direction());
            case CellInput.StepFailed failed -> failed(state, failed);
            case CellInput.StepCancelled cancelled -> cancelled(state, cancelled.direction());
            case CellInput.Observed observed -> observed(state, observed);
        };
    }

    private static Transition started(CellState state, Direction direction) {
        return switch (state) {
            case RUNNING -> new Transition.Unchanged();
            case PENDING, FAILED ->
                direction == Direction.UP
                        ? moveTo(state, CellState.RUNNING)
                        : illegal(state, "a down step cannot start on a migration that is not applied");
            case APPLIED, REVERT_FAILED ->
                direction == Direction.DOWN
                        ? moveTo(state, CellState.RUNNING)
                        : illegal(state, "an up step cannot start on an applied migration");
            case DIRTY, CHECKSUM_MISMATCH, UNKNOWN -> illegal(state, "no step may start before a repair");
        };
    }

    private static Transition succeeded(CellState state, Direction direction) {
        CellState target = direction == Direction.UP ? CellState.APPLIED : CellState.PENDING;
        return switch (state) {
            case PENDING, RUNNING, APPLIED, REVERT_FAILED -> moveTo(state, target);
            // A down step that found nothing to undo keeps the record of the failed up attempt.
            case FAILED -> direction == Direction.UP ? moveTo(state, target) : new Transition.Unchanged();
            case DIRTY, CHECKSUM_MISMATCH, UNKNOWN -> illegal(state, "a step cannot succeed before a repair");
        };
    }

    private static Transition failed(CellState state, CellInput.StepFailed failed) {
        if (state == CellState.UNKNOWN) {
            return illegal(state, "a cell written by a newer coordinator is left alone");
        }
        if (failed.dirty()) {
            return moveTo(state, CellState.DIRTY);
        }
        if (failed.mismatch()) {
            return moveTo(state, CellState.CHECKSUM_MISMATCH);
        }
        boolean up = failed.direction() == Direction.UP;
        return switch (state) {
            case RUNNING -> moveTo(state, up ? CellState.FAILED : CellState.REVERT_FAILED);
            // A failed down step leaves an unapplied migration unapplied: it is no failed up attempt.
            case PENDING -> up ? moveTo(state, CellState.FAILED) : new Transition.Unchanged();
            // A quick down step reports only its failure: the cell was applied and stays so.
            case APPLIED -> up ? new Transition.Unchanged() : moveTo(state, CellState.REVERT_FAILED);
            case FAILED, REVERT_FAILED, DIRTY, CHECKSUM_MISMATCH, UNKNOWN -> new Transition.Unchanged();
        };
    }

    /** A cancelled step leaves the migration as it was before the step: up not applied, down still applied. */
    private static Transition cancelled(CellState state, Direction direction) {
        return switch (state) {
            case RUNNING -> moveTo(state, direction == Direction.UP ? CellState.PENDING : CellState.APPLIED);
            case PENDING, APPLIED, FAILED, REVERT_FAILED, DIRTY, CHECKSUM_MISMATCH -> new Transition.Unchanged();
            case UNKNOWN -> illegal(state, "a cell written by a newer coordinator is left alone");
        };
    }

    /**
     * The history wins, except where it cannot see what is happening: while a run is in flight, a
     * RUNNING cell may be mid-step (its row not committed yet), so it stays RUNNING. Without a run in
     * flight, a RUNNING cell is a step whose agent died and whose transaction PostgreSQL rolled back.
     */
    private static Transition observed(CellState state, CellInput.Observed observed) {
        if (state == CellState.RUNNING && observed.runInFlight()) {
            return switch (observed.history()) {
                case ABSENT, APPLIED -> new Transition.Unchanged();
                case DIRTY -> moveTo(state, CellState.DIRTY);
                case MISMATCH -> moveTo(state, CellState.CHECKSUM_MISMATCH);
            };
        }
        return switch (observed.history()) {
            // FAILED is "not applied, and the last attempt failed": the history agrees with it.
            case ABSENT -> state == CellState.FAILED ? new Transition.Unchanged() : moveTo(state, CellState.PENDING);
            // REVERT_FAILED is "applied, and the last revert failed": the history agrees with it too.
            case APPLIED ->
                state == CellState.REVERT_FAILED ? new Transition.Unchanged() : moveTo(state, CellState.APPLIED);
            case DIRTY -> moveTo(state, CellState.DIRTY);
            case MISMATCH -> moveTo(state, CellState.CHECKSUM_MISMATCH);
        };
    }

    private static Transition moveTo(CellState from, CellState to) {
        return from == to ? new Transition.Unchanged() : new Transition.Moved(to);
    }

    private static Transition illegal(CellState state, String reason) {
        return new Transition.Illegal(reason + " (cell is " + state + ")");
    }
}
