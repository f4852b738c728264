package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolloutStateTest {

    private static final Map<RolloutState, Set<RolloutState>> TRANSITIONS = LifecycleTables.table(
            RolloutState.class,
            RolloutState.class,
            "RUNNING -> PAUSED HALTED CANCELLED COMPLETED",
            "PAUSED -> RUNNING CANCELLED",
            "HALTED -> RUNNING CANCELLED",
            "COMPLETED ->",
            "CANCELLED ->",
            "UNKNOWN ->");

    private static final Map<RolloutState, Set<RolloutAction>> ACTIONS = LifecycleTables.table(
            RolloutState.class,
            RolloutAction.class,
            "RUNNING -> PAUSE CANCEL APPROVE RETRY SKIP",
            "PAUSED -> RESUME CANCEL APPROVE RETRY SKIP",
            "HALTED -> RESUME CANCEL APPROVE RETRY SKIP",
            "COMPLETED ->",
            "CANCELLED ->",
            "UNKNOWN ->");

    @Test
    void shouldMoveExactlyWhereTheTableSaysWhenAskedEveryTransition() {
        // when / then
        LifecycleTables.assertMoves(RolloutState.class, TRANSITIONS, RolloutState::moveTo);
    }

    @Test
    void shouldAllowExactlyTheActionsOfTheTableWhenAskedInEveryState() {
        // then
        LifecycleTables.assertActions(RolloutState.class, ACTIONS, RolloutState::allows);
    }

    @Test
    void shouldReadUnknownWhenTheStoredCodeIsNew() {
        // then
        assertThat(RolloutState.fromCode(42)).isEqualTo(RolloutState.UNKNOWN);
        for (RolloutState state : RolloutState.values()) {
            assertThat(RolloutState.fromCode(state.code())).isEqualTo(state);
        }
    }

    @Test
    void shouldBeResumableOnlyWhenPausedOrHalted() {
        for (RolloutState state : RolloutState.values()) {
            // then
            assertThat(state.resumable())
                    .as("%s", state)
                    .isEqualTo(state == RolloutState.PAUSED || state == RolloutState.HALTED);
        }
    }

    @Test
    void shouldDispatchOnlyWhenRunning() {
        for (RolloutState state : RolloutState.values()) {
            // then
            assertThat(state.dispatches()).as("%s", state).isEqualTo(state == RolloutState.RUNNING);
        }
    }
}
