package dev.flotilla.coordinator.rollout;

/** One tenant's part of a rollout. Persisted by {@link #code()}; unknown codes read as UNKNOWN. */
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
