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
    /**
     * No agent answered within {@code flotilla.repairs.answer-within}: the tenant is free for another
     * repair, and the tenant's history (its next inventory) says whether this one happened. A late
     * answer still ends it.
     */
    UNANSWERED(4),
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

    /**
     * A requested repair ends once, as its agent reports, or goes unanswered; an unanswered one still
     * takes a late report. A repeated report changes nothing.
     */
    public Set<RepairState> next() {
        return switch (this) {
            case REQUESTED -> EnumSet.of(SUCCEEDED, REFUSED, FAILED, UNANSWERED);
            case UNANSWERED -> EnumSet.of(SUCCEEDED, REFUSED, FAILED);
            case SUCCEEDED, REFUSED, FAILED, UNKNOWN -> EnumSet.noneOf(RepairState.class);
        };
    }

    /** Whether an agent's report may still end it. */
    public boolean awaitsReport() {
        return this == REQUESTED || this == UNANSWERED;
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
