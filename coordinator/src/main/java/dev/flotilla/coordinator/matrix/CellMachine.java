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
            case CellInput.Observed observed -> observed(state, observed.state());
        };
    }

    private static Transition started(CellState state, Direction direction) {
        return switch (state) {
            case RUNNING -> new Transition.Unchanged();
            case PENDING, FAILED ->
                direction == Direction.UP
                        ? moveTo(state, CellState.RUNNING)
                        : illegal(state, "a down step cannot start on a migration that is not applied");
            case APPLIED ->
                direction == Direction.DOWN
                        ? moveTo(state, CellState.RUNNING)
                        : illegal(state, "an up step cannot start on an applied migration");
            case DIRTY, CHECKSUM_MISMATCH, UNKNOWN -> illegal(state, "no step may start before a repair");
        };
    }

    private static Transition succeeded(CellState state, Direction direction) {
        CellState target = direction == Direction.UP ? CellState.APPLIED : CellState.PENDING;
        return switch (state) {
            case PENDING, RUNNING, FAILED, APPLIED -> moveTo(state, target);
            case DIRTY, CHECKSUM_MISMATCH, UNKNOWN -> illegal(state, "a step cannot succeed before a repair");
        };
    }

    private static Transition failed(CellState state, CellInput.StepFailed failed) {
        if (failed.dirty()) {
            return moveTo(state, CellState.DIRTY);
        }
        if (failed.mismatch()) {
            return moveTo(state, CellState.CHECKSUM_MISMATCH);
        }
        return switch (state) {
            case RUNNING -> moveTo(state, failed.direction() == Direction.UP ? CellState.FAILED : CellState.APPLIED);
            case PENDING, FAILED -> moveTo(state, CellState.FAILED);
            case APPLIED -> new Transition.Unchanged();
            case DIRTY, CHECKSUM_MISMATCH -> new Transition.Unchanged();
            case UNKNOWN -> illegal(state, "unknown state");
        };
    }

    private static Transition observed(CellState state, CellState seen) {
        if (seen == CellState.PENDING && (state == CellState.RUNNING || state == CellState.FAILED)) {
            // History rows are written only on success: "not applied" is what a running or failed step looks like.
            return new Transition.Unchanged();
        }
        return moveTo(state, seen);
    }

    private static Transition moveTo(CellState from, CellState to) {
        return from == to ? new Transition.Unchanged() : new Transition.Moved(to);
    }

    private static Transition illegal(CellState state, String reason) {
        return new Transition.Illegal(reason + " (cell is " + state + ")");
    }
}
