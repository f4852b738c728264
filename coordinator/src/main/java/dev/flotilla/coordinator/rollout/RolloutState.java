package dev.flotilla.coordinator.rollout;

/** A rollout's state. Persisted by {@link #code()}; unknown codes read as UNKNOWN. */
public enum RolloutState {
    RUNNING(0),
    /** Every run succeeded. */
    COMPLETED(1),
    /** Every run ended and at least one failed: an operator must look. */
    HALTED(2),
    CANCELLED(3),
    UNKNOWN(-1);

    private final int code;

    RolloutState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean terminal() {
        return this != RUNNING && this != UNKNOWN;
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
