package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class QuietRunsTest {

    private static final UUID RUN = UUID.fromString("00000000-0000-0000-0000-0000000000c3");
    private static final QuietRuns RULE = new QuietRuns(Duration.ofMinutes(5), 3);

    private static QuietRuns.Quiet quiet(RunState state, int sends, RolloutState rollout) {
        return new QuietRuns.Quiet(RUN, state, "eu-1", sends, rollout);
    }

    /**
     * A quiet run of a rollout that is not cancelled, in every in-flight state and every such rollout
     * state, after each number of sends, with the change expected: a re-send below the maximum of 3, a
     * failure at or over it.
     */
    private static Stream<Arguments> notCancelled() {
        List<Arguments> cases = new ArrayList<>();
        for (RunState state : List.of(RunState.DISPATCHED, RunState.RUNNING)) {
            for (RolloutState rollout : List.of(RolloutState.RUNNING, RolloutState.PAUSED, RolloutState.HALTED)) {
                for (int sends : List.of(0, 1, 2, 3, 4, 10)) {
                    Change expected = sends < 3 ? resent(sends + 1) : givenUp(sends);
                    cases.add(Arguments.of(state, sends, rollout, expected));
                }
            }
        }
        return cases.stream();
    }

    private static Change resent(int send) {
        return new Change.RunResent(
                RUN, "no word from an agent at site eu-1 for PT5M; command sent again (send " + send + " of 3)");
    }

    private static Change givenUp(int sends) {
        return new Change.RunMoved(
                RUN,
                RunState.FAILED,
                "no agent at site eu-1 reported on this run after " + sends + " sends, PT5M apart");
    }

    @ParameterizedTest(name = "{0} after {1} sends")
    @CsvSource({
        "DISPATCHED, 0",
        "DISPATCHED, 2",
        "DISPATCHED, 3",
        "DISPATCHED, 10",
        "RUNNING, 0",
        "RUNNING, 2",
        "RUNNING, 3",
        "RUNNING, 10"
    })
    void shouldCancelTheRunWhateverItsSendsWhenItsRolloutIsCancelled(RunState state, int sends) {
        // given
        QuietRuns.Quiet run = quiet(state, sends, RolloutState.CANCELLED);

        // when
        QuietRuns.Verdict verdict = RULE.decide(run);

        // then
        assertThat(verdict.change())
                .isEqualTo(new Change.RunMoved(
                        RUN, RunState.CANCELLED, "its rollout was cancelled and no agent reported on it since"));
        assertThat(verdict.rolloutMoves())
                .as("a cancelled rollout has nothing to decide")
                .isFalse();
    }

    @ParameterizedTest(name = "{0} of a {2} rollout after {1} sends")
    @MethodSource("notCancelled")
    void shouldResendBelowTheMaximumAndFailNamingTheSiteAndSendsWhenTheMaximumIsReached(
            RunState state, int sends, RolloutState rollout, Change expected) {
        // given
        QuietRuns.Quiet run = quiet(state, sends, rollout);

        // when
        QuietRuns.Verdict verdict = RULE.decide(run);

        // then
        assertThat(verdict.change()).isEqualTo(expected);
        assertThat(verdict.rolloutMoves())
                .as("only a run given up lets its rollout go on")
                .isEqualTo(expected instanceof Change.RunMoved);
    }
}
