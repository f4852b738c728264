package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunStateTest {

    private static final Map<RunState, Set<RunState>> TRANSITIONS = LifecycleTables.table(
            RunState.class,
            RunState.class,
            "PENDING -> DISPATCHED SUCCEEDED CANCELLED BLOCKED SKIPPED",
            "DISPATCHED -> RUNNING SUCCEEDED FAILED CANCELLED",
            "RUNNING -> SUCCEEDED FAILED CANCELLED",
            "SUCCEEDED ->",
            "FAILED -> PENDING SUCCEEDED SKIPPED",
            "CANCELLED -> PENDING SUCCEEDED SKIPPED",
            "BLOCKED -> PENDING SUCCEEDED SKIPPED",
            "SKIPPED ->",
            "UNKNOWN ->");

    private static final Map<RunState, Set<RolloutAction>> ACTIONS = LifecycleTables.table(
            RunState.class,
            RolloutAction.class,
            "PENDING -> SKIP",
            "DISPATCHED ->",
            "RUNNING ->",
            "SUCCEEDED ->",
            "FAILED -> RETRY SKIP",
            "CANCELLED -> RETRY SKIP",
            "BLOCKED -> RETRY SKIP",
            "SKIPPED ->",
            "UNKNOWN ->");

    @Test
    void shouldMoveExactlyWhereTheTableSaysWhenAskedEveryTransition() {
        // when / then
        LifecycleTables.assertMoves(RunState.class, TRANSITIONS, RunState::moveTo);
    }

    @Test
    void shouldAllowExactlyTheActionsOfTheTableWhenAskedInEveryState() {
        // then
        LifecycleTables.assertActions(RunState.class, ACTIONS, RunState::allows);
    }

    @Test
    void shouldIgnoreAReportWhenTheRunIsNotInFlight() {
        for (RunState current : new RunState[] {RunState.PENDING, RunState.UNKNOWN}) {
            for (RunState reported : RunState.values()) {
                // when
                RunState next = current.afterReport(reported);

                // then
                assertThat(next).as("%s reported %s", current, reported).isEqualTo(current);
            }
        }
    }

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
        RunState withSteps = RunState.initial(2, reason);
        RunState withoutSteps = RunState.initial(0, reason);

        // then
        assertThat(withSteps).isEqualTo(RunState.BLOCKED);
        assertThat(withoutSteps).isEqualTo(RunState.BLOCKED);
    }

    @Test
    void shouldStartPendingWithStepsAndSucceededWithoutWhenTheTenantIsHealthy() {
        // when
        RunState withSteps = RunState.initial(2, null);
        RunState withoutSteps = RunState.initial(0, null);

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
                RunState next = current.afterReport(reported);

                // then
                assertThat(next).as("%s reported %s", current, reported).isEqualTo(current);
            }
        }
    }

    @Test
    void shouldStartRunningWhenADispatchedRunReportsStarted() {
        // when
        RunState next = RunState.DISPATCHED.afterReport(RunState.RUNNING);

        // then
        assertThat(next).isEqualTo(RunState.RUNNING);
    }

    @Test
    void shouldStayRunningWhenARunningRunReportsStartedAgain() {
        // when
        RunState next = RunState.RUNNING.afterReport(RunState.RUNNING);

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
            RunState next = current.afterReport(outcome);

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
