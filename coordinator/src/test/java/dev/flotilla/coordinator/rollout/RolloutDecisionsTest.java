package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
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
    void shouldFillEveryFreeSlotWhenMorePendingRunsThanSlotsWait() {
        // given
        RunCounts counts = counts(RunState.PENDING, 5);

        // when
        int slots = RolloutDecisions.slotsToFill(RolloutState.RUNNING, counts, 2);

        // then
        assertThat(slots).isEqualTo(2);
    }

    @Test
    void shouldFillOnlyTheSlotsLeftWhenRunsAreInFlight() {
        // given
        RunCounts counts = counts(RunState.PENDING, 5, RunState.DISPATCHED, 1, RunState.RUNNING, 1);

        // when
        int slots = RolloutDecisions.slotsToFill(RolloutState.RUNNING, counts, 3);

        // then
        assertThat(slots).isEqualTo(1);
    }

    @Test
    void shouldFillOnlyAsManySlotsAsRunsPendWhenFewerRunsThanSlotsWait() {
        // given
        RunCounts counts = counts(RunState.PENDING, 1, RunState.SUCCEEDED, 4, RunState.FAILED, 2);

        // when
        int slots = RolloutDecisions.slotsToFill(RolloutState.RUNNING, counts, 8);

        // then
        assertThat(slots).isEqualTo(1);
    }

    @Test
    void shouldFillNoSlotWhenMoreRunsAreInFlightThanAllowed() {
        // given
        RunCounts counts = counts(RunState.PENDING, 3, RunState.RUNNING, 5);

        // when
        int slots = RolloutDecisions.slotsToFill(RolloutState.RUNNING, counts, 2);

        // then
        assertThat(slots).isZero();
    }

    @Test
    void shouldNeverExceedMaxParallelInFlightWhenFillingSlotsForAnyCounts() {
        for (int maxParallel = 1; maxParallel <= 6; maxParallel++) {
            for (int pending = 0; pending <= 8; pending++) {
                for (int dispatched = 0; dispatched <= 4; dispatched++) {
                    for (int running = 0; running <= 4; running++) {
                        // given
                        RunCounts counts = counts(
                                RunState.PENDING, pending, RunState.DISPATCHED, dispatched, RunState.RUNNING, running);

                        // when
                        int slots = RolloutDecisions.slotsToFill(RolloutState.RUNNING, counts, maxParallel);

                        // then
                        int inFlight = dispatched + running;
                        assertThat(slots)
                                .as("pending=%d inFlight=%d maxParallel=%d", pending, inFlight, maxParallel)
                                .isBetween(0, maxParallel)
                                .isLessThanOrEqualTo(pending)
                                .isEqualTo(Math.max(0, Math.min(pending, maxParallel - inFlight)));
                        if (inFlight <= maxParallel) {
                            assertThat(inFlight + slots).isLessThanOrEqualTo(maxParallel);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = RolloutState.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void shouldFillNoSlotWhenTheRolloutIsNotRunning(RolloutState state) {
        // given
        RunCounts counts = counts(RunState.PENDING, 10);

        // when
        int slots = RolloutDecisions.slotsToFill(state, counts, 5);

        // then
        assertThat(slots).isZero();
    }

    @Test
    void shouldCompleteWhenEveryRunSucceeded() {
        // given
        RunCounts counts = counts(RunState.SUCCEEDED, 3);

        // when
        RolloutState next = RolloutDecisions.stateAfter(RolloutState.RUNNING, counts);

        // then
        assertThat(next).isEqualTo(RolloutState.COMPLETED);
    }

    @Test
    void shouldCompleteWhenTheRolloutHasNoRuns() {
        // given
        RunCounts counts = counts();

        // when
        RolloutState next = RolloutDecisions.stateAfter(RolloutState.RUNNING, counts);

        // then
        assertThat(next).isEqualTo(RolloutState.COMPLETED);
    }

    @Test
    void shouldHaltWhenEveryRunEndedAndOneFailed() {
        // given
        RunCounts counts = counts(RunState.SUCCEEDED, 2, RunState.FAILED, 1);

        // when
        RolloutState next = RolloutDecisions.stateAfter(RolloutState.RUNNING, counts);

        // then
        assertThat(next).isEqualTo(RolloutState.HALTED);
    }

    @Test
    void shouldHaltWhenEveryRunEndedAndOneWasBlocked() {
        // given
        RunCounts counts = counts(RunState.SUCCEEDED, 3, RunState.BLOCKED, 1);

        // when
        RolloutState next = RolloutDecisions.stateAfter(RolloutState.RUNNING, counts);

        // then
        assertThat(next).isEqualTo(RolloutState.HALTED);
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
    void shouldHaltWhenEveryRunEndedAndOneWasCancelled() {
        // given
        RunCounts counts = counts(RunState.SUCCEEDED, 2, RunState.CANCELLED, 1);

        // when
        RolloutState next = RolloutDecisions.stateAfter(RolloutState.RUNNING, counts);

        // then
        assertThat(next).isEqualTo(RolloutState.HALTED);
    }

    @ParameterizedTest
    @EnumSource(
            value = RunState.class,
            names = {"PENDING", "DISPATCHED", "RUNNING", "UNKNOWN"})
    void shouldKeepRunningWhenARunIsUnfinished(RunState unfinished) {
        // given
        RunCounts counts = counts(RunState.SUCCEEDED, 5, RunState.FAILED, 1, unfinished, 1);

        // when
        RolloutState next = RolloutDecisions.stateAfter(RolloutState.RUNNING, counts);

        // then
        assertThat(next).isEqualTo(RolloutState.RUNNING);
    }

    @ParameterizedTest
    @EnumSource(value = RolloutState.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void shouldKeepItsStateWhenTheRolloutIsNotRunning(RolloutState state) {
        // given
        RunCounts allSucceeded = counts(RunState.SUCCEEDED, 3);
        RunCounts oneFailed = counts(RunState.FAILED, 1);
        RunCounts unfinished = counts(RunState.PENDING, 1);

        // when / then
        assertThat(RolloutDecisions.stateAfter(state, allSucceeded)).isEqualTo(state);
        assertThat(RolloutDecisions.stateAfter(state, oneFailed)).isEqualTo(state);
        assertThat(RolloutDecisions.stateAfter(state, unfinished)).isEqualTo(state);
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
}
