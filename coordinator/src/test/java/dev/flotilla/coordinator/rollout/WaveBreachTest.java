package dev.flotilla.coordinator.rollout;

import static dev.flotilla.coordinator.rollout.EngineGiven.T0;
import static dev.flotilla.coordinator.rollout.EngineGiven.counts;
import static dev.flotilla.coordinator.rollout.EngineGiven.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.coordinator.plan.FailureBudget;
import dev.flotilla.coordinator.plan.OnBreach;
import dev.flotilla.model.wire.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the engine decides when a wave breaches its failure budget, by the plan's {@code onBreach}:
 * a halt, and with {@code rollback-wave} the wave's rollback, asked for once. Tables, no I/O.
 */
class WaveBreachTest {

    private static final Instant NOW = T0.plusSeconds(5);
    private static final String CANARY_BREACH =
            "wave canary: 2 of 3 tenants failed, more than its failure budget allows (1)";

    /** A canary of three tenants that tolerates one failure, two failed, one still pending; then a second wave. */
    private static EngineGiven breachedCanary(OnBreach onBreach) {
        EngineGiven given = new EngineGiven()
                .wave("canary", false, Duration.ZERO, T0, null, null)
                .wave("rest", false, Duration.ZERO, null, null, null)
                .counts(0, counts(RunState.FAILED, 2, RunState.PENDING, 1))
                .counts(1, counts(RunState.PENDING, 2))
                .pending(0, 3)
                .pending(1, 4, 5);
        given.budget = new FailureBudget(1, 0);
        given.onBreach = onBreach;
        return given;
    }

    private static List<Change> halt(String reason) {
        return List.of(
                new Change.RolloutMoved(RolloutState.HALTED, reason),
                new Change.Audited(new ActionRecord(NOW, ActionRecord.ENGINE, "halt", null, reason)));
    }

    @Test
    void shouldOnlyHaltWhenTheWaveBreachesItsBudgetAndThePlanSaysHalt() {
        // given
        EngineGiven given = breachedCanary(OnBreach.HALT);

        // when
        List<Change> changes = given.decide(NOW);

        // then
        assertThat(changes).containsExactlyElementsOf(halt(CANARY_BREACH));
    }

    @Test
    void shouldHaltThenAskForTheWavesRollbackWhenTheWaveBreachesItsBudgetAndThePlanSaysRollbackWave() {
        // given
        EngineGiven given = breachedCanary(OnBreach.ROLLBACK_WAVE);

        // when
        List<Change> changes = given.decide(NOW);

        // then the halt comes first, the rollback of the breached wave last, and nothing is dispatched
        assertThat(changes)
                .startsWith(halt(CANARY_BREACH).toArray(Change[]::new))
                .endsWith(new Change.RollBackWave(0, "canary", CANARY_BREACH, false))
                .hasSize(3);
    }

    @Test
    void shouldPassThePlansAllowIrreversibleToTheRollbackWhenItAllowsIrreversibleSteps() {
        // given
        EngineGiven given = breachedCanary(OnBreach.ROLLBACK_WAVE);
        given.allowIrreversible = true;

        // when
        List<Change> changes = given.decide(NOW);

        // then
        assertThat(changes).last().isEqualTo(new Change.RollBackWave(0, "canary", CANARY_BREACH, true));
    }

    @Test
    void shouldKeepDispatchingAndAskForNoRollbackWhenTheFailuresAreWithinTheBudget() {
        // given one failure, which the budget tolerates
        EngineGiven given = breachedCanary(OnBreach.ROLLBACK_WAVE)
                .counts(0, counts(RunState.FAILED, 1, RunState.SUCCEEDED, 1, RunState.PENDING, 1));

        // when
        List<Change> changes = given.decide(NOW);

        // then
        assertThat(changes).containsExactly(new Change.RunsDispatched(List.of(run(3))));
    }

    @Test
    void shouldAskForTheLaterWavesRollbackWhenALaterWaveBreachesItsBudget() {
        // given a canary that passed, and a second wave whose tenants failed
        EngineGiven given = new EngineGiven()
                .wave("canary", false, Duration.ZERO, T0, T0, null)
                .wave("rest", false, Duration.ZERO, T0, null, null)
                .counts(0, counts(RunState.SUCCEEDED, 2))
                .counts(1, counts(RunState.FAILED, 2, RunState.SUCCEEDED, 2));
        given.current = 1;
        given.budget = new FailureBudget(1, 0);
        given.onBreach = OnBreach.ROLLBACK_WAVE;

        // when
        List<Change> changes = given.decide(NOW);

        // then only the breached wave is rolled back
        String reason = "wave rest: 2 of 4 tenants failed, more than its failure budget allows (1)";
        assertThat(changes)
                .contains(new Change.RollBackWave(1, "rest", reason, false))
                .filteredOn(Change.RollBackWave.class::isInstance)
                .hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(
            value = RolloutState.class,
            names = {"HALTED", "PAUSED", "CANCELLED", "COMPLETED"})
    void shouldAskForNoRollbackWhenTheRolloutNoLongerRuns(RolloutState stopped) {
        // given the breached canary, after the halt (or any other stop) was decided
        EngineGiven given = breachedCanary(OnBreach.ROLLBACK_WAVE);
        given.state = stopped;
        given.reason = CANARY_BREACH;

        // when the engine turns again, and again
        List<Change> first = given.decide(NOW);
        List<Change> later = given.decide(NOW.plusSeconds(60));

        // then no turn asks for the rollback again
        assertThat(first).noneMatch(Change.RollBackWave.class::isInstance);
        assertThat(later).noneMatch(Change.RollBackWave.class::isInstance);
    }

    @Test
    void shouldHaltWithoutAskingAgainWhenTheWavesRollbackWasAskedForBeforeTheRolloutResumed() {
        // given the canary's rollback was asked for at the first halt, and an operator resumed the rollout
        EngineGiven given = new EngineGiven()
                .wave("canary", false, Duration.ZERO, T0, null, null, T0)
                .counts(0, counts(RunState.FAILED, 2, RunState.PENDING, 1))
                .pending(0, 3);
        given.budget = new FailureBudget(1, 0);
        given.onBreach = OnBreach.ROLLBACK_WAVE;

        // when
        List<Change> changes = given.decide(NOW);

        // then
        assertThat(changes).containsExactlyElementsOf(halt(CANARY_BREACH));
    }

    @Test
    void shouldAskForNoRollbackWhenEveryWaveRanWithinItsBudgetAndSomeTenantsFailed() {
        // given a last wave whose one failure the budget tolerates
        EngineGiven given = new EngineGiven()
                .wave("all", false, Duration.ZERO, T0, T0, null)
                .counts(0, counts(RunState.FAILED, 1, RunState.SUCCEEDED, 2));
        given.budget = new FailureBudget(1, 0);
        given.onBreach = OnBreach.ROLLBACK_WAVE;

        // when
        List<Change> changes = given.decide(NOW);

        // then it halts for an operator, which is no breach
        assertThat(changes)
                .anyMatch(c -> c instanceof Change.RolloutMoved moved && moved.to() == RolloutState.HALTED)
                .noneMatch(Change.RollBackWave.class::isInstance);
    }

    @Test
    void shouldAskForNoRollbackWhenTheRolloutIsItselfARollback() {
        // given a rollback (direction down) whose wave breached its budget
        EngineGiven given = breachedCanary(OnBreach.ROLLBACK_WAVE);
        given.direction = Direction.DOWN;

        // when
        List<Change> changes = given.decide(NOW);

        // then
        assertThat(changes).containsExactlyElementsOf(halt(CANARY_BREACH));
    }
}
