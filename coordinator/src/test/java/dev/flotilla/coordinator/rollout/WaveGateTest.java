package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.coordinator.plan.FailureBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class WaveGateTest {

    private static final Instant DONE_AT = Instant.parse("2025-05-01T10:00:00Z");
    private static final Duration SOAK = Duration.ofMinutes(30);
    private static final Instant SOAKED_AT = DONE_AT.plus(SOAK);
    private static final Optional<WaveGate.Next> NEXT_WITHOUT_APPROVAL =
            Optional.of(new WaveGate.Next("eu", false, false));

    private static WaveGate.Wave running(RunCounts runs) {
        return new WaveGate.Wave("canary", false, runs, SOAK, null);
    }

    private static WaveGate.Wave done(RunCounts runs) {
        return new WaveGate.Wave("canary", false, runs, SOAK, DONE_AT);
    }

    @ParameterizedTest
    @EnumSource(
            value = RunState.class,
            names = {"PENDING", "DISPATCHED", "RUNNING", "UNKNOWN"})
    void shouldDispatchWhenARunOfTheWaveIsUnfinished(RunState unfinished) {
        // given
        WaveGate.Wave wave = running(new RunCounts(Map.of(RunState.SUCCEEDED, 3, unfinished, 1)));

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, NEXT_WITHOUT_APPROVAL, SOAKED_AT);

        // then
        assertThat(verdict).isEqualTo(new WaveGate.Dispatch());
    }

    @Test
    void shouldDispatchRatherThanFinishWhenTheLastWaveHasUnfinishedRuns() {
        // given
        WaveGate.Wave wave = running(new RunCounts(Map.of(RunState.SUCCEEDED, 3, RunState.RUNNING, 1)));

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, Optional.empty(), SOAKED_AT);

        // then
        assertThat(verdict).isEqualTo(new WaveGate.Dispatch());
    }

    @Test
    void shouldKeepDispatchingWhenFailuresStayWithinTheBudget() {
        // given
        WaveGate.Wave wave = running(new RunCounts(Map.of(RunState.FAILED, 1, RunState.RUNNING, 2)));

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, new FailureBudget(1, 0), NEXT_WITHOUT_APPROVAL, SOAKED_AT);

        // then
        assertThat(verdict).isEqualTo(new WaveGate.Dispatch());
    }

    @Test
    void shouldHaltWhenTheFailureBudgetIsBreachedEvenWhileRunsAreInFlight() {
        // given
        WaveGate.Wave wave =
                running(new RunCounts(Map.of(RunState.FAILED, 2, RunState.RUNNING, 3, RunState.PENDING, 5)));

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, new FailureBudget(1, 0), NEXT_WITHOUT_APPROVAL, SOAKED_AT);

        // then
        assertThat(verdict).isInstanceOfSatisfying(WaveGate.Halt.class, halt -> assertThat(halt.reason())
                .contains("canary")
                .contains("2 of 10"));
    }

    @Test
    void shouldHaltRatherThanFinishWhenTheLastWaveEndedOverItsBudget() {
        // given
        WaveGate.Wave wave = done(new RunCounts(Map.of(RunState.SUCCEEDED, 9, RunState.FAILED, 1)));

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, Optional.empty(), SOAKED_AT);

        // then
        assertThat(verdict).isInstanceOf(WaveGate.Halt.class);
    }

    @ParameterizedTest
    @EnumSource(
            value = RunState.class,
            names = {"BLOCKED", "SKIPPED"})
    void shouldNotCountARunAsAFailureWhenItIsBlockedOrSkipped(RunState notAFailure) {
        // given
        WaveGate.Wave wave = done(new RunCounts(Map.of(RunState.SUCCEEDED, 1, notAFailure, 4)));

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, NEXT_WITHOUT_APPROVAL, SOAKED_AT);

        // then
        assertThat(verdict).isEqualTo(new WaveGate.Advance());
    }

    @Test
    void shouldWaitWhenTheCurrentWaveAwaitsItsApproval() {
        // given
        WaveGate.Wave wave = new WaveGate.Wave("canary", true, new RunCounts(Map.of(RunState.PENDING, 4)), SOAK, null);

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, NEXT_WITHOUT_APPROVAL, SOAKED_AT);

        // then
        assertThat(verdict).isInstanceOfSatisfying(WaveGate.Wait.class, wait -> {
            assertThat(wait.reason()).contains("canary").contains("approval");
            assertThat(wait.approvalOf()).isEqualTo("canary");
        });
    }

    @Test
    void shouldWaitWhileSoakingWhenTheSoakHasNotElapsed() {
        // given
        WaveGate.Wave wave = done(new RunCounts(Map.of(RunState.SUCCEEDED, 4)));
        Instant justBefore = SOAKED_AT.minusMillis(1);

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, NEXT_WITHOUT_APPROVAL, justBefore);

        // then
        assertThat(verdict).isInstanceOfSatisfying(WaveGate.Wait.class, wait -> {
            assertThat(wait.reason()).contains("canary").contains("soak").contains(SOAKED_AT.toString());
            assertThat(wait.approvalOf()).isNull();
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 3_600_000})
    void shouldAdvanceWhenTheSoakHasElapsed(long millisAfterSoak) {
        // given
        WaveGate.Wave wave = done(new RunCounts(Map.of(RunState.SUCCEEDED, 4)));
        Instant now = SOAKED_AT.plusMillis(millisAfterSoak);

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, NEXT_WITHOUT_APPROVAL, now);

        // then
        assertThat(verdict).isEqualTo(new WaveGate.Advance());
    }

    @Test
    void shouldWaitWhenTheNextWaveNeedsAnApprovalItHasNot() {
        // given
        WaveGate.Wave wave = done(new RunCounts(Map.of(RunState.SUCCEEDED, 4)));
        Optional<WaveGate.Next> next = Optional.of(new WaveGate.Next("eu", true, false));

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, next, SOAKED_AT);

        // then
        assertThat(verdict).isInstanceOfSatisfying(WaveGate.Wait.class, wait -> {
            assertThat(wait.reason()).contains("eu").contains("approval");
            assertThat(wait.approvalOf()).isEqualTo("eu");
        });
    }

    @Test
    void shouldAdvanceWhenTheNextWaveNeedsAnApprovalAndHasIt() {
        // given
        WaveGate.Wave wave = done(new RunCounts(Map.of(RunState.SUCCEEDED, 4)));
        Optional<WaveGate.Next> next = Optional.of(new WaveGate.Next("eu", true, true));

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, next, SOAKED_AT);

        // then
        assertThat(verdict).isEqualTo(new WaveGate.Advance());
    }

    @Test
    void shouldStillSoakWhenTheNextWaveIsApprovedBeforeTheSoakEnds() {
        // given
        WaveGate.Wave wave = done(new RunCounts(Map.of(RunState.SUCCEEDED, 4)));
        Optional<WaveGate.Next> next = Optional.of(new WaveGate.Next("eu", true, true));

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, next, DONE_AT);

        // then
        assertThat(verdict).isInstanceOf(WaveGate.Wait.class);
    }

    @Test
    void shouldFinishWhenTheLastWaveIsDone() {
        // given
        WaveGate.Wave wave = done(new RunCounts(Map.of(RunState.SUCCEEDED, 3, RunState.SKIPPED, 1)));

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, Optional.empty(), SOAKED_AT);

        // then
        assertThat(verdict).isEqualTo(new WaveGate.Finish());
    }

    @Test
    void shouldFinishWithoutSoakingWhenTheLastWaveHasJustBeenDone() {
        // given
        WaveGate.Wave wave = done(new RunCounts(Map.of(RunState.SUCCEEDED, 3)));

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, Optional.empty(), DONE_AT);

        // then
        assertThat(verdict).isEqualTo(new WaveGate.Finish());
    }

    @Test
    void shouldAdvanceWhenTheWaveSelectedNoTenantAndHasSoaked() {
        // given
        WaveGate.Wave wave = done(new RunCounts(Map.of()));

        // when
        WaveGate.Verdict verdict = WaveGate.check(wave, FailureBudget.NONE, NEXT_WITHOUT_APPROVAL, SOAKED_AT);

        // then
        assertThat(verdict).isEqualTo(new WaveGate.Advance());
    }
}
