package dev.flotilla.coordinator.rollout;

import java.util.EnumSet;
import java.util.Set;

/**
 * A wave's lifecycle. A wave's state is not stored: it follows from its facts ({@link Wave#stateAt}),
 * so it can never disagree with them; this table says which changes of those facts are legal and
 * which operator actions each state allows. Shown by the API as {@link #label()}.
 */
public enum WaveState {
    /** An earlier wave runs; it starts without an approval once the rollout reaches it. */
    WAITING("waiting"),
    /** It needs an operator's approval to start and has none yet. */
    AWAITING_APPROVAL("awaiting-approval"),
    /** Its runs may be dispatched; some are not finished. */
    RUNNING("running"),
    /** Every run finished; the next wave waits until its soak ends. */
    SOAKING("soaking"),
    DONE("done");

    private final String label;

    WaveState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The states this one may move to: a wave starts (an approval first, when it needs one), is seen
     * done, soaks, and runs again when an operator retries one of its tenants.
     */
    public Set<WaveState> next() {
        return switch (this) {
            case WAITING -> EnumSet.of(RUNNING);
            case AWAITING_APPROVAL -> EnumSet.of(WAITING);
            case RUNNING -> EnumSet.of(SOAKING, DONE);
            case SOAKING -> EnumSet.of(DONE, RUNNING);
            case DONE -> EnumSet.of(RUNNING);
        };
    }

    /** The operator actions a wave in this state takes. */
    public Set<RolloutAction> actions() {
        return this == AWAITING_APPROVAL ? EnumSet.of(RolloutAction.APPROVE) : EnumSet.noneOf(RolloutAction.class);
    }

    public boolean allows(RolloutAction action) {
        return actions().contains(action);
    }

    /**
     * The state {@code to}, when this one may move there.
     *
     * @throws IllegalTransitionException when the lifecycle does not allow it
     */
    public WaveState moveTo(WaveState to) {
        if (!next().contains(to)) {
            throw new IllegalTransitionException("a wave", this, to);
        }
        return to;
    }
}
