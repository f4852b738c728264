package dev.flotilla.coordinator.rollout;

/** A rollout's state. Persisted by {@link #code()}; unknown codes read as UNKNOWN. */
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

    /** Whether the rollout has stopped: nothing is dispatched and its finishedAt is set. */
    public boolean terminal() {
        return this == COMPLETED || this == HALTED || this == CANCELLED;
    }

    /** Whether an operator can resume it. */
    public boolean resumable() {
        return this == HALTED || this == PAUSED;
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
