package dev.flotilla.coordinator.repair;

import dev.flotilla.model.wire.RepairOutcome;
import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a repair: asked for, then ended as its agent reports. Persisted by {@link #code()};
 * an unknown code reads as UNKNOWN.
 */
public enum RepairState {
    /** The command is in the outbox or with the agent. */
    REQUESTED(0),
    SUCCEEDED(1),
    /** The agent's checks refused it; the tenant is unchanged. */
    REFUSED(2),
    /** It failed while changing the tenant; the tenant's history says where it stands. */
    FAILED(3),
    UNKNOWN(-1);

    private final int code;

    RepairState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static RepairState fromCode(int code) {
        for (RepairState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        return UNKNOWN;
    }

    /** Only a requested repair ends, once; a late or repeated report changes nothing. */
    public Set<RepairState> next() {
        return this == REQUESTED ? EnumSet.of(SUCCEEDED, REFUSED, FAILED) : EnumSet.noneOf(RepairState.class);
    }

    public boolean ended() {
        return this != REQUESTED;
    }

    /** The state an agent's report ends a repair in. */
    public static RepairState of(RepairOutcome outcome) {
        return switch (outcome) {
            case SUCCEEDED -> SUCCEEDED;
            case REFUSED -> REFUSED;
            case FAILED -> FAILED;
        };
    }
}
