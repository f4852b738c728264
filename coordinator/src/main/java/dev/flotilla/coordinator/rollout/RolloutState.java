package dev.flotilla.coordinator.rollout;

import java.util.EnumSet;
import java.util.Set;

/**
 * A rollout's lifecycle: its states, the one table of legal transitions ({@link #next()}) and the
 * operator actions each state allows ({@link #actions()}). Persisted by {@link #code()}; unknown codes
 * read as UNKNOWN, which allows nothing. The rollback states of a later change are new rows here.
 */
public enum RolloutState {
    RUNNING(0),
    /** Every run succeeded or was skipped. */
    COMPLETED(1),
    /**
     * A wave breached its failure budget (no new runs; running steps finish), or every run ended and
     * some failed or were blocked: an operator must look, then retry or skip tenants and resume.
     */
    HALTED(2),
    CANCELLED(3),
    /** An operator paused it: no new runs until resumed. */
    PAUSED(4),
    UNKNOWN(-1);

    private final int code;

    RolloutState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The states this one may move to. */
    public Set<RolloutState> next() {
        return switch (this) {
            case RUNNING -> EnumSet.of(PAUSED, HALTED, CANCELLED, COMPLETED);
            case PAUSED, HALTED -> EnumSet.of(RUNNING, CANCELLED);
            case COMPLETED, CANCELLED, UNKNOWN -> EnumSet.noneOf(RolloutState.class);
        };
    }

    /** The operator actions a rollout in this state takes. */
    public Set<RolloutAction> actions() {
        return switch (this) {
            case RUNNING ->
                EnumSet.of(
                        RolloutAction.PAUSE,
                        RolloutAction.CANCEL,
                        RolloutAction.APPROVE,
                        RolloutAction.RETRY,
                        RolloutAction.SKIP);
            case PAUSED, HALTED ->
                EnumSet.of(
                        RolloutAction.RESUME,
                        RolloutAction.CANCEL,
                        RolloutAction.APPROVE,
                        RolloutAction.RETRY,
                        RolloutAction.SKIP);
            case COMPLETED, CANCELLED, UNKNOWN -> EnumSet.noneOf(RolloutAction.class);
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
    public RolloutState moveTo(RolloutState to) {
        if (!next().contains(to)) {
            throw new IllegalTransitionException("a rollout", this, to);
        }
        return to;
    }

    /** Whether the rollout's runs may be dispatched: only while it runs. */
    public boolean dispatches() {
        return this == RUNNING;
    }

    /** Whether the rollout has stopped: nothing is dispatched and its finishedAt is set. */
    public boolean terminal() {
        return this == COMPLETED || this == HALTED || this == CANCELLED;
    }

    /** Whether it waits for an operator's resume: no new runs, but its current wave's end is still noted. */
    public boolean resumable() {
        return allows(RolloutAction.RESUME);
    }

    public static RolloutState fromCode(int code) {
        for (RolloutState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        return UNKNOWN;
    }
}
