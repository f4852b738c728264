package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.coordinator.plan.Concurrency;
import dev.flotilla.coordinator.plan.FailureBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine's step as tables: a snapshot and a time in, the changes out. No I/O. */
class RolloutEngineTest {

    private static final Instant T0 = EngineGiven.T0;

    private static RunCounts counts(Object... stateAndCount) {
        return EngineGiven.counts(stateAndCount);
    }

    private static UUID run(int n) {
        return EngineGiven.run(n);
    }

    private static EngineGiven given() {
        return new EngineGiven();
    }

    @Test
    void shouldStartTheFirstWaveAndDispatchItsRunsWhenTheRolloutStarts() {
        // given
        EngineGiven given = given().wave("all", false, Duration.ZERO, null, null, null)
                .counts(0, counts(RunState.PENDING, 2))
                .pending(0, 1, 2);

        // when
        List<Change> changes = given.decide(T0);

        // then
        assertThat(changes)
                .containsExactly(new Change.WaveStarted(0, "all"), new Change.RunsDispatched(List.of(run(1), run(2))));
    }

    @Test
    void shouldDispatchNothingAndNotStartWhenTheFirstWaveNeedsAnApproval() {
        // given
        EngineGiven given = given().wave("canary", true, Duration.ZERO, null, null, null)
                .counts(0, counts(RunState.PENDING, 1))
                .pending(0, 1);

        // when
        List<Change> changes = given.decide(T0);

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.ApprovalAwaited("canary"),
                        new Change.Waiting("wave canary waits for approval", null));
    }

    @Test
    void shouldStartTheFirstWaveWhenItsApprovalCame() {
        // given
        EngineGiven given = given().wave("canary", true, Duration.ZERO, null, null, "carol")
                .counts(0, counts(RunState.PENDING, 1))
                .pending(0, 1);
        given.reason = "wave canary waits for approval";

        // when
        List<Change> changes = given.decide(T0);

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.WaveStarted(0, "canary"),
                        new Change.RunsDispatched(List.of(run(1))),
                        new Change.Waiting(null, null));
    }

    @Test
    void shouldDispatchWithinTheLimitsWhenSlotsAreTaken() {
        // given
        EngineGiven given = given().wave("all", false, Duration.ZERO, T0, null, null)
                .counts(0, counts(RunState.PENDING, 3, RunState.RUNNING, 1))
                .pending(0, 1, 2, 3);
        given.concurrency = Concurrency.fleetOf(2);
        given.inFlight = new Concurrency.InFlight(1, Map.of(0, 1), Map.of("site-a", 1));

        // when
        List<Change> changes = given.decide(T0);

        // then
        assertThat(changes).containsExactly(new Change.RunsDispatched(List.of(run(1))));
    }

    @Test
    void shouldNeverDispatchALaterWavesRunWhenTheCurrentWaveRuns() {
        // given
        EngineGiven given = given().wave("canary", false, Duration.ZERO, T0, null, null)
                .wave("rest", false, Duration.ZERO, null, null, null)
                .counts(0, counts(RunState.RUNNING, 1))
                .counts(1, counts(RunState.PENDING, 2))
                .pending(1, 2, 3);

        // when
        List<Change> changes = given.decide(T0);

        // then
        assertThat(changes).isEmpty();
    }

    @Test
    void shouldHaltAndAuditWhenTheWaveBreachesItsFailureBudget() {
        // given
        EngineGiven given = given().wave("canary", false, Duration.ZERO, T0, null, null)
                .wave("rest", false, Duration.ZERO, null, null, null)
                .counts(0, counts(RunState.FAILED, 1, RunState.PENDING, 1))
                .pending(0, 2);

        // when
        List<Change> changes = given.decide(T0.plusSeconds(5));

        // then
        String reason = "wave canary: 1 of 2 tenants failed, more than its failure budget allows (0)";
        assertThat(changes)
                .containsExactly(
                        new Change.RolloutMoved(RolloutState.HALTED, reason),
                        new Change.Audited(new ActionRecord(T0.plusSeconds(5), "flotilla", "halt", null, reason)));
    }

    @Test
    void shouldNoteTheWaveDoneAndSoakWhenItsLastRunFinished() {
        // given
        Instant now = T0.plusSeconds(60);
        EngineGiven given = given().wave("canary", false, Duration.ofMinutes(10), T0, null, null)
                .wave("rest", false, Duration.ZERO, null, null, null)
                .counts(0, counts(RunState.SUCCEEDED, 1));

        // when
        List<Change> changes = given.decide(now);

        // then
        Instant soaked = now.plus(Duration.ofMinutes(10));
        assertThat(changes)
                .containsExactly(
                        new Change.WaveDone(0, now), new Change.Waiting("wave canary soaks until " + soaked, soaked));
    }

    @Test
    void shouldStartTheNextWaveWhenTheSoakEnded() {
        // given
        Instant done = T0.plusSeconds(60);
        EngineGiven given = given().wave("canary", false, Duration.ofMinutes(10), T0, done, null)
                .wave("rest", false, Duration.ZERO, null, null, null)
                .counts(0, counts(RunState.SUCCEEDED, 1))
                .counts(1, counts(RunState.PENDING, 1))
                .pending(1, 2);
        given.reason = "wave canary soaks until " + done.plus(Duration.ofMinutes(10));
        given.wakeAt = done.plus(Duration.ofMinutes(10));

        // when
        List<Change> changes = given.decide(done.plus(Duration.ofMinutes(10)));

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.CurrentWave(1),
                        new Change.WaveStarted(1, "rest"),
                        new Change.RunsDispatched(List.of(run(2))),
                        new Change.Waiting(null, null));
    }

    @Test
    void shouldPassThroughEmptyWavesWhenNothingHoldsThem() {
        // given
        EngineGiven given = given().wave("a", false, Duration.ZERO, null, null, null)
                .wave("b", false, Duration.ZERO, null, null, null)
                .counts(1, counts(RunState.PENDING, 1))
                .pending(1, 5);

        // when
        List<Change> changes = given.decide(T0);

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.WaveStarted(0, "a"),
                        new Change.WaveDone(0, T0),
                        new Change.CurrentWave(1),
                        new Change.WaveStarted(1, "b"),
                        new Change.RunsDispatched(List.of(run(5))));
    }

    @Test
    void shouldWaitForTheNextWavesApprovalAndRunOnlyRetriedEarlierTenantsWhenTheGateIsClosed() {
        // given: wave a is done, b needs an approval, a tenant of a was retried
        EngineGiven given = given().wave("a", false, Duration.ZERO, T0, null, null)
                .wave("b", true, Duration.ZERO, null, null, null)
                .counts(0, counts(RunState.SUCCEEDED, 1))
                .counts(1, counts(RunState.PENDING, 1))
                .pending(1, 9);

        // when
        List<Change> changes = given.decide(T0.plusSeconds(1));

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.WaveDone(0, T0.plusSeconds(1)),
                        new Change.ApprovalAwaited("b"),
                        new Change.Waiting("wave b waits for approval", null));
    }

    @Test
    void shouldDispatchOnlyEarlierWavesRetriedTenantsWhenTheCurrentWaveAwaitsItsApproval() {
        // given: the rollout stands at b, which waits to start; a tenant of a was retried
        EngineGiven given = given().wave("a", false, Duration.ZERO, T0, T0, null)
                .wave("b", true, Duration.ZERO, null, null, null)
                .counts(0, counts(RunState.SUCCEEDED, 1, RunState.PENDING, 1))
                .counts(1, counts(RunState.PENDING, 1))
                .pending(0, 1)
                .pending(1, 2);
        given.current = 1;
        given.reason = "wave b waits for approval";

        // when
        List<Change> changes = given.decide(T0.plusSeconds(1));

        // then
        assertThat(changes).containsExactly(new Change.RunsDispatched(List.of(run(1))));
    }

    @Test
    void shouldRunARetriedEarlierWaveTenantBeforeFinishingWhenTheLastWaveIsDone() {
        // given: every wave ran, then an operator retried a tenant of the first
        EngineGiven given = given().wave("a", false, Duration.ZERO, T0, T0, null)
                .wave("b", false, Duration.ZERO, T0, T0, null)
                .counts(0, counts(RunState.SUCCEEDED, 1, RunState.PENDING, 1))
                .counts(1, counts(RunState.SUCCEEDED, 2))
                .pending(0, 1);
        given.current = 1;

        // when
        List<Change> changes = given.decide(T0.plusSeconds(1));

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.RunsDispatched(List.of(run(1))),
                        new Change.Waiting("1 tenants retried in earlier waves have yet to finish", null));
    }

    @Test
    void shouldReopenTheWaveWhenARetriedTenantRunsAgain() {
        // given
        EngineGiven given = given().wave("a", false, Duration.ofMinutes(5), T0, T0, null)
                .wave("b", false, Duration.ZERO, null, null, null)
                .counts(0, counts(RunState.SUCCEEDED, 1, RunState.PENDING, 1))
                .pending(0, 1);
        given.reason = "wave a soaks until " + T0.plus(Duration.ofMinutes(5));
        given.wakeAt = T0.plus(Duration.ofMinutes(5));

        // when
        List<Change> changes = given.decide(T0.plusSeconds(1));

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.WaveDone(0, null),
                        new Change.RunsDispatched(List.of(run(1))),
                        new Change.Waiting(null, null));
    }

    @Test
    void shouldCompleteWhenTheLastWaveIsDoneAndEveryRunSucceeded() {
        // given
        EngineGiven given = given().wave("all", false, Duration.ZERO, T0, null, null)
                .counts(0, counts(RunState.SUCCEEDED, 3, RunState.SKIPPED, 1));

        // when
        List<Change> changes = given.decide(T0.plusSeconds(1));

        // then
        assertThat(changes)
                .containsExactly(
                        new Change.WaveDone(0, T0.plusSeconds(1)),
                        new Change.RolloutMoved(RolloutState.COMPLETED, null));
    }

    @Test
    void shouldHaltWhenTheLastWaveIsDoneAndATenantIsBlocked() {
        // given
        EngineGiven given = given().wave("all", false, Duration.ZERO, T0, T0, null)
                .counts(0, counts(RunState.SUCCEEDED, 3, RunState.BLOCKED, 1));
        given.budget = FailureBudget.UNLIMITED;

        // when
        List<Change> changes = given.decide(T0.plusSeconds(1));

        // then
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0)).isInstanceOfSatisfying(Change.RolloutMoved.class, moved -> assertThat(moved.to())
                .isEqualTo(RolloutState.HALTED));
        assertThat(changes.get(1)).isInstanceOf(Change.Audited.class);
    }

    @ParameterizedTest
    @EnumSource(
            value = RolloutState.class,
            names = {"PAUSED", "HALTED"})
    void shouldNoteTheWaveDoneButDispatchNothingWhenItEndedDuringAPause(RolloutState stopped) {
        // given
        EngineGiven given = given().wave("canary", false, Duration.ofMinutes(10), T0, null, null)
                .wave("rest", false, Duration.ZERO, null, null, null)
                .counts(0, counts(RunState.SUCCEEDED, 1))
                .counts(1, counts(RunState.PENDING, 1))
                .pending(1, 2);
        given.state = stopped;

        // when
        List<Change> changes = given.decide(T0.plusSeconds(60));

        // then
        assertThat(changes).containsExactly(new Change.WaveDone(0, T0.plusSeconds(60)));
    }

    @Test
    void shouldSoakFromWhenTheWaveEndedNotFromTheResumeWhenItEndedDuringAPause() {
        // given: the wave ended at T0+60s while paused; resumed at T0+5m
        Instant done = T0.plusSeconds(60);
        EngineGiven given = given().wave("canary", false, Duration.ofMinutes(10), T0, done, null)
                .wave("rest", false, Duration.ZERO, null, null, null)
                .counts(0, counts(RunState.SUCCEEDED, 1));

        // when
        List<Change> changes = given.decide(T0.plus(Duration.ofMinutes(5)));

        // then
        Instant soaked = done.plus(Duration.ofMinutes(10));
        assertThat(changes).containsExactly(new Change.Waiting("wave canary soaks until " + soaked, soaked));
    }

    @ParameterizedTest
    @EnumSource(
            value = RolloutState.class,
            names = {"COMPLETED", "CANCELLED", "UNKNOWN"})
    void shouldChangeNothingWhenTheRolloutHasEnded(RolloutState ended) {
        // given
        EngineGiven given = given().wave("all", false, Duration.ZERO, T0, null, null)
                .counts(0, counts(RunState.PENDING, 1))
                .pending(0, 1);
        given.state = ended;

        // when
        List<Change> changes = given.decide(T0);

        // then
        assertThat(changes).isEmpty();
    }

    @Test
    void shouldNotRewriteTheReasonWhenItIsUnchanged() {
        // given
        EngineGiven given =
                given().wave("canary", true, Duration.ZERO, null, null, null).counts(0, counts(RunState.PENDING, 1));
        given.reason = "wave canary waits for approval";

        // when
        List<Change> changes = given.decide(T0);

        // then
        assertThat(changes).isEmpty();
    }

    @Test
    void shouldCompleteWhenEveryRunSucceededOrWasSkipped() {
        // given
        List<RunCounts> waves = List.of(
                counts(RunState.SUCCEEDED, 2),
                counts(RunState.SUCCEEDED, 3, RunState.SKIPPED, 1),
                counts(RunState.SKIPPED, 2));

        // when
        RolloutEngine.Ending ending = RolloutEngine.afterLastWave(waves);

        // then
        assertThat(ending.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(ending.reason()).isNull();
    }

    @Test
    void shouldCompleteWhenTheRolloutHasNoRuns() {
        // when
        RolloutEngine.Ending noWaves = RolloutEngine.afterLastWave(List.of());
        RolloutEngine.Ending emptyWaves = RolloutEngine.afterLastWave(List.of(counts(), counts()));

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
        RolloutEngine.Ending ending = RolloutEngine.afterLastWave(waves);

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
        RolloutEngine.Ending ending = RolloutEngine.afterLastWave(waves);

        // then
        assertThat(ending.state()).isEqualTo(RolloutState.HALTED);
        assertThat(ending.reason())
                .contains("3 tenants failed or were cancelled")
                .contains("4 are blocked");
    }
}
