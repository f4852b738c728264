package dev.flotilla.coordinator.rollout;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a run, one tenant's part of a rollout: its states, the one table of legal
 * transitions ({@link #next()}), the operator actions each state allows, and how an agent's report
 * moves it ({@link #afterReport}). Persisted by {@link #code()}; unknown codes read as UNKNOWN.
 */
public enum RunState {
    /** Waiting for a free slot. */
    PENDING(0),
    /** Its command is in the outbox or on the broker. */
    DISPATCHED(1),
    /** An agent took the tenant's lock and is applying steps. */
    RUNNING(2),
    SUCCEEDED(3),
    FAILED(4),
    CANCELLED(5),
    /** The tenant needs a repair first (a dirty or checksum-mismatched migration); never dispatched. */
    BLOCKED(6),
    /** An operator took the tenant out of the rollout, saying why. */
    SKIPPED(7),
    UNKNOWN(-1);

    private final int code;

    RunState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * The states this one may move to: dispatched when a slot is free; running, then an outcome, as
     * its agent reports (a quick run may report its outcome alone); failed when no agent answers;
     * cancelled with its rollout; skipped or retried (pending, or succeeded when nothing is left to do)
     * by an operator. A rollback's pending run is settled when it is dispatched: succeeded when nothing
     * is left to revert, blocked when its revert cannot run.
     */
    public Set<RunState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(DISPATCHED, SUCCEEDED, CANCELLED, BLOCKED, SKIPPED);
            case DISPATCHED -> EnumSet.of(RUNNING, SUCCEEDED, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
            case FAILED, CANCELLED, BLOCKED -> EnumSet.of(PENDING, SUCCEEDED, SKIPPED);
            case SUCCEEDED, SKIPPED, UNKNOWN -> EnumSet.noneOf(RunState.class);
        };
    }

    /** The operator actions a run in this state takes. */
    public Set<RolloutAction> actions() {
        return switch (this) {
            case PENDING -> EnumSet.of(RolloutAction.SKIP);
            case FAILED, CANCELLED, BLOCKED -> EnumSet.of(RolloutAction.RETRY, RolloutAction.SKIP);
            case DISPATCHED, RUNNING, SUCCEEDED, SKIPPED, UNKNOWN -> EnumSet.noneOf(RolloutAction.class);
        };
    }

    public boolean allows(RolloutAction action) {
        return actions().contains(action);
    }

    /**
     * The state {@code to}, when this one may move there.
     *
     * @throws IllegalTransitionException when the lifecycle does not allow it
     */
    public RunState moveTo(RunState to) {
        if (!next().contains(to)) {
            throw new IllegalTransitionException("a run", this, to);
        }
        return to;
    }

    /**
     * The state an agent's {@code RunStarted} ({@code RUNNING}) or {@code RunFinished} (its outcome)
     * moves this run to: the reported one where the lifecycle allows it, else this one (a late or
     * repeated report changes nothing).
     */
    public RunState afterReport(RunState reported) {
        return inFlight() && next().contains(reported) ? reported : this;
    }

    /**
     * The state a new run starts in: blocked when its tenant needs a repair ({@code blockedBy} names
     * why, or is null), done at once when the tenant is already at the target, else waiting for a slot.
     */
    public static RunState initial(int steps, String blockedBy) {
        if (blockedBy != null) {
            return BLOCKED;
        }
        return steps == 0 ? SUCCEEDED : PENDING;
    }

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == BLOCKED || this == SKIPPED;
    }

    /** Whether the run holds one of the rollout's parallelism slots. */
    public boolean inFlight() {
        return this == DISPATCHED || this == RUNNING;
    }

    public static RunState fromCode(int code) {
        for (RunState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        return UNKNOWN;
    }
}
