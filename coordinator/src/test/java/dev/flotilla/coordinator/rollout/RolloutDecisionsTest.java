package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RolloutDecisionsTest {

    private static RunCounts counts(Object... stateAndCount) {
        Map<RunState, Integer> byState = new EnumMap<>(RunState.class);
        for (int i = 0; i < stateAndCount.length; i += 2) {
            byState.put((RunState) stateAndCount[i], (Integer) stateAndCount[i + 1]);
        }
        return new RunCounts(byState);
    }

    @Test
    void shouldStartBlockedWhenTheTenantNeedsARepairEvenWithNoStepsToRun() {
        // given
        String reason = "needs a repair before it can be migrated: 0003 is dirty";

        // when
        RunState withSteps = RolloutDecisions.initialRunState(2, reason);
        RunState withoutSteps = RolloutDecisions.initialRunState(0, reason);

        // then
        assertThat(withSteps).isEqualTo(RunState.BLOCKED);
        assertThat(withoutSteps).isEqualTo(RunState.BLOCKED);
    }

    @Test
    void shouldStartPendingWithStepsAndSucceededWithoutWhenTheTenantIsHealthy() {
        // when
        RunState withSteps = RolloutDecisions.initialRunState(2, null);
        RunState withoutSteps = RolloutDecisions.initialRunState(0, null);

        // then
        assertThat(withSteps).isEqualTo(RunState.PENDING);
        assertThat(withoutSteps).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void shouldNeverLeaveATerminalRunStateWhateverIsReported() {
        for (RunState current : RunState.values()) {
            if (!current.terminal()) {
                continue;
            }
            for (RunState reported : RunState.values()) {
                // when
                RunState next = RolloutDecisions.runAfter(current, reported);

                // then
                assertThat(next).as("%s reported %s", current, reported).isEqualTo(current);
            }
        }
    }

    @Test
    void shouldStartRunningWhenADispatchedRunReportsStarted() {
        // when
        RunState next = RolloutDecisions.runAfter(RunState.DISPATCHED, RunState.RUNNING);

        // then
        assertThat(next).isEqualTo(RunState.RUNNING);
    }

    @Test
    void shouldStayRunningWhenARunningRunReportsStartedAgain() {
        // when
        RunState next = RolloutDecisions.runAfter(RunState.RUNNING, RunState.RUNNING);

        // then
        assertThat(next).isEqualTo(RunState.RUNNING);
    }

    @ParameterizedTest
    @EnumSource(
            value = RunState.class,
            names = {"SUCCEEDED", "FAILED", "CANCELLED"})
    void shouldTakeTheReportedOutcomeWhenAnUnfinishedRunFinishes(RunState outcome) {
        for (RunState current : new RunState[] {RunState.DISPATCHED, RunState.RUNNING}) {
            // when
            RunState next = RolloutDecisions.runAfter(current, outcome);

            // then
            assertThat(next).as("%s reported %s", current, outcome).isEqualTo(outcome);
        }
    }

    @Test
    void shouldCountPendingDispatchedRunningAndUnknownAsUnfinishedWhenCounting() {
        // given
        RunCounts counts = counts(
                RunState.PENDING, 1,
                RunState.DISPATCHED, 2,
                RunState.RUNNING, 3,
                RunState.UNKNOWN, 4,
                RunState.SUCCEEDED, 5,
                RunState.FAILED, 6,
                RunState.CANCELLED, 7);

        // then
        assertThat(counts.total()).isEqualTo(28);
        assertThat(counts.inFlight()).isEqualTo(5);
        assertThat(counts.unfinished()).isEqualTo(10);
    }

    @Test
    void shouldCompleteWhenEveryRunSucceededOrWasSkipped() {
        // given
        List<RunCounts> waves = List.of(
                counts(RunState.SUCCEEDED, 2),
                counts(RunState.SUCCEEDED, 3, RunState.SKIPPED, 1),
                counts(RunState.SKIPPED, 2));

        // when
        RolloutDecisions.Ending ending = RolloutDecisions.afterLastWave(waves);

        // then
        assertThat(ending.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(ending.reason()).isNull();
    }

    @Test
    void shouldCompleteWhenTheRolloutHasNoRuns() {
        // when
        RolloutDecisions.Ending noWaves = RolloutDecisions.afterLastWave(List.of());
        RolloutDecisions.Ending emptyWaves = RolloutDecisions.afterLastWave(List.of(counts(), counts()));

        // then
        assertThat(noWaves.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(emptyWaves.state()).isEqualTo(RolloutState.COMPLETED);
    }

    @ParameterizedTest
    @EnumSource(
            value = RunState.class,
            names = {"FAILED", "CANCELLED", "BLOCKED"})
    void shouldHaltWhenARunOfAnyWaveDidNotMakeIt(RunState notMadeIt) {
        // given
        List<RunCounts> waves = List.of(
                counts(RunState.SUCCEEDED, 2), counts(RunState.SUCCEEDED, 5, RunState.SKIPPED, 1, notMadeIt, 1));

        // when
        RolloutDecisions.Ending ending = RolloutDecisions.afterLastWave(waves);

        // then
        assertThat(ending.state()).isEqualTo(RolloutState.HALTED);
        assertThat(ending.reason()).isNotBlank();
    }

    @Test
    void shouldCountTheFailedCancelledAndBlockedRunsOfEveryWaveWhenHalting() {
        // given
        List<RunCounts> waves = List.of(
                counts(RunState.SUCCEEDED, 1, RunState.FAILED, 2),
                counts(RunState.CANCELLED, 1, RunState.BLOCKED, 3),
                counts(RunState.BLOCKED, 1, RunState.SKIPPED, 6));

        // when
        RolloutDecisions.Ending ending = RolloutDecisions.afterLastWave(waves);

        // then
        assertThat(ending.state()).isEqualTo(RolloutState.HALTED);
        assertThat(ending.reason())
                .contains("3 tenants failed or were cancelled")
                .contains("4 are blocked");
    }
}
