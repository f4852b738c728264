package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.coordinator.plan.WaveSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaveStateTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private static final Map<WaveState, Set<WaveState>> TRANSITIONS = LifecycleTables.table(
            WaveState.class,
            WaveState.class,
            "WAITING -> RUNNING",
            "AWAITING_APPROVAL -> WAITING",
            "RUNNING -> SOAKING DONE",
            "SOAKING -> DONE RUNNING",
            "DONE -> RUNNING");

    @Test
    void shouldMoveExactlyWhereTheTableSaysWhenAskedEveryTransition() {
        // when / then
        LifecycleTables.assertMoves(WaveState.class, TRANSITIONS, WaveState::moveTo);
    }

    @Test
    void shouldTakeAnApprovalOnlyWhenAwaitingOne() {
        for (WaveState state : WaveState.values()) {
            for (RolloutAction action : RolloutAction.values()) {
                // then
                assertThat(state.allows(action))
                        .as("%s allows %s", state, action)
                        .isEqualTo(state == WaveState.AWAITING_APPROVAL && action == RolloutAction.APPROVE);
            }
        }
    }

    private static Wave wave(int position, boolean approval, Instant started, Instant done, String approvedBy) {
        WaveSpec spec = new WaveSpec("w" + position, "*", OptionalInt.empty(), Duration.ofMinutes(10), approval);
        return new Wave(position, spec, started, done, approvedBy, approvedBy == null ? null : T0, null);
    }

    @Test
    void shouldWaitOrAwaitApprovalWhenNotStarted() {
        // then
        assertThat(wave(1, false, null, null, null).stateAt(0, T0)).isEqualTo(WaveState.WAITING);
        assertThat(wave(1, true, null, null, null).stateAt(0, T0)).isEqualTo(WaveState.AWAITING_APPROVAL);
        assertThat(wave(1, true, null, null, "carol").stateAt(0, T0)).isEqualTo(WaveState.WAITING);
    }

    @Test
    void shouldRunUntilDoneThenSoakWhileCurrentThenBeDone() {
        // given
        Wave running = wave(0, false, T0, null, null);
        Wave done = wave(0, false, T0, T0.plusSeconds(60), null);

        // then
        assertThat(running.stateAt(0, T0.plusSeconds(30))).isEqualTo(WaveState.RUNNING);
        assertThat(done.stateAt(0, T0.plusSeconds(61))).isEqualTo(WaveState.SOAKING);
        assertThat(done.stateAt(0, T0.plusSeconds(60 + 600))).isEqualTo(WaveState.DONE);
        assertThat(done.stateAt(1, T0.plusSeconds(61))).as("an earlier wave").isEqualTo(WaveState.DONE);
    }

    @Test
    void shouldShowTheApiLabelsWhenAskedForThem() {
        // then
        assertThat(WaveState.values())
                .extracting(WaveState::label)
                .containsExactly("waiting", "awaiting-approval", "running", "soaking", "done");
    }
}
