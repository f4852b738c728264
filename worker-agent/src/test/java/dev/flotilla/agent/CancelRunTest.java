package dev.flotilla.agent;

import static dev.flotilla.model.wire.MessageTypes.RUN_FINISHED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.TenantSchema.HistoryRow;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.StepFailed;
import dev.flotilla.testkit.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code CancelRun}: a cancelled run stays cancelled (every copy of it delivered later is answered
 * cancelled without touching the tenant), a statement it is running is stopped at once with
 * {@code pg_cancel_backend}, and a batched step stops after its current batch, keeping its cursor.
 */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class CancelRunTest extends AgentIntegrationTest {

    /**
     * Far longer than a cancel may take to stop a statement, far shorter than the sleeps it stops
     * (which stay below the tests' 30s statement timeout, so only a cancel can stop them this soon).
     */
    private static final Duration STOPPED_WITHIN = Duration.ofSeconds(10);

    @Test
    void shouldAnswerEveryCopyOfTheRunCancelledWithoutTouchingTheTenantWhenTheCancelCameFirst() {
        // given a cancel that reaches the agent before its run
        String tenant = servedTenant("tenant_0044");
        String planId = coordinator.publishPlan(
                List.of(Steps.transactional("0001", "create_kept_out", "create table kept_out (id int);")));
        UUID run = UUID.randomUUID();
        coordinator.cancelRun(tenant, run);

        // when the run arrives, and is delivered again
        coordinator.runTenantAgain(run, tenant, planId, "0001");
        coordinator.runTenantAgain(run, tenant, planId, "0001");

        // then both copies are answered cancelled, and nothing ran
        assertThat(events.awaitFinished(run, 2))
                .extracting(RunFinished::outcome)
                .containsExactly(RunOutcome.CANCELLED, RunOutcome.CANCELLED);
        assertThat(EventLog.types(events.run(run))).containsOnly(RUN_FINISHED);
        assertThat(schema(tenant).history()).isEmpty();
        assertThat(schema(tenant).hasTable("kept_out")).isFalse();
    }

    @Test
    void shouldStopTheRunningStatementAndRollTheStepsBackWhenARunningRunIsCancelled() {
        // given a run whose second step sleeps, grouped with the first in one transaction
        String tenant = servedTenant("tenant_0045");
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_before_sleep", "create table before_sleep (id int);"),
                Steps.transactional("0002", "create_slept", "create table slept (id int); select pg_sleep(25);")));
        UUID run = coordinator.runTenant(tenant, planId, "0001", "0002");

        // when
        StepFailed step = cancelWhileRunning(tenant, run, "pg_sleep(25)");

        // then the statement stopped at once, the run is cancelled, not failed, and the tenant is as it was
        assertThat(step.version().text()).isEqualTo("0001");
        assertThat(step.sqlState()).as("query_canceled").isEqualTo("57014");
        assertThat(step.dirty()).isFalse();
        assertThat(schema(tenant).history()).isEmpty();
        assertThat(schema(tenant).hasTable("before_sleep")).isFalse();
        assertThat(schema(tenant).hasTable("slept")).isFalse();

        // and a copy of the run delivered after the cancel does not run
        coordinator.runTenantAgain(run, tenant, planId, "0001", "0002");
        assertThat(this.events.awaitFinished(run, 2).getLast().outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(schema(tenant).history()).isEmpty();
    }

    @Test
    void shouldStopTheStatementAndLeaveTheStepDirtyWhenANonTransactionalStepIsCancelled() {
        // given
        String tenant = servedTenant("tenant_0046");
        String planId =
                coordinator.publishPlan(List.of(Steps.nonTransactional("0001", "long_sleep", "select pg_sleep(26);")));
        UUID run = coordinator.runTenant(tenant, planId, "0001");

        // when
        StepFailed step = cancelWhileRunning(tenant, run, "pg_sleep(26)");

        // then the interrupted step is reported cancelled and dirty, as the history says
        assertThat(step.dirty()).isTrue();
        assertThat(schema(tenant).history())
                .extracting(HistoryRow::version, HistoryRow::state)
                .containsExactly(tuple("0001", "dirty"));
    }

    /**
     * Cancels the run once its statement containing {@code statement} runs; asserts the statement
     * stopped at once and the run ended cancelled; returns the step reported cancelled.
     */
    private StepFailed cancelWhileRunning(String tenant, UUID run, String statement) {
        await().atMost(EventLog.TIMEOUT).until(() -> running(statement) > 0);
        long cancelled = System.nanoTime();
        coordinator.cancelRun(tenant, run);
        List<Envelope<Payload>> events = this.events.awaitFinished(run);
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(STOPPED_WITHIN);
        assertThat(EventLog.payloads(events, RunFinished.class).getFirst().outcome())
                .isEqualTo(RunOutcome.CANCELLED);
        StepFailed step = EventLog.payloads(events, StepFailed.class).getFirst();
        assertThat(step.code()).isEqualTo(FailureCode.CANCELLED);
        assertThat(running(statement)).isZero();
        return step;
    }

    @Test
    void shouldStopABatchedStepAfterItsCurrentBatchAndResumeFromItsCursorInALaterRun() {
        // given a batched step slowed by a pause between its 25 batches
        String tenant = servedTenant("tenant_0047");
        String backfill = "-- flotilla:batch table=orders key=id size=100 pause=400ms\n"
                + "update orders set total_cents = (total * 100)::bigint, touched = touched + 1"
                + " where id > :lo and id <= :hi;\n";
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_orders", BatchedStepTest.CREATE_ORDERS),
                Steps.transactional("0002", "backfill_cents", backfill)));
        events.awaitFinished(coordinator.runTenant(tenant, planId, "0001"));
        UUID run = coordinator.runTenant(tenant, planId, "0002");
        await().atMost(EventLog.TIMEOUT).until(() -> rowsDone(tenant) >= 100);

        // when
        coordinator.cancelRun(tenant, run);

        // then it stops after a committed batch: the batches done are kept with their cursor, no row twice
        List<Envelope<Payload>> events = this.events.awaitFinished(run);
        assertThat(EventLog.payloads(events, RunFinished.class).getFirst().outcome())
                .isEqualTo(RunOutcome.CANCELLED);
        StepFailed step = EventLog.payloads(events, StepFailed.class).getFirst();
        assertThat(step.code()).isEqualTo(FailureCode.CANCELLED);
        assertThat(step.dirty()).isFalse();
        assertThat(step.message()).contains("resumes after key");
        long done = rowsDone(tenant);
        assertThat(done).isBetween(100L, 2400L);
        assertThat(schema(tenant).count("select count(*) from orders where touched = 1"))
                .isEqualTo(done);
        assertThat(schema(tenant).count("select count(*) from orders where touched > 1"))
                .isZero();
        assertThat(schema(tenant).history()).extracting(HistoryRow::version).containsExactly("0001");

        // when a later run (a retry, with a run id of its own) runs the step
        UUID retry = coordinator.runTenant(tenant, planId, "0002");

        // then it resumes after the cursor and every row is updated once
        assertThat(EventLog.payloads(this.events.awaitFinished(retry), RunFinished.class)
                        .getFirst()
                        .outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(schema(tenant).count("select count(*) from orders where touched = 1"))
                .isEqualTo(2500);
        assertThat(schema(tenant).history()).extracting(HistoryRow::version).containsExactly("0001", "0002");
    }

    private long rowsDone(String tenant) {
        return schema(tenant).hasTable("flotilla_batch_cursor")
                ? schema(tenant).count("select coalesce(max(rows_done), 0) from flotilla_batch_cursor")
                : 0;
    }

    /** How many sessions of the tenants' database are running a statement that contains {@code text}. */
    private long running(String text) {
        try (Connection c = TestPostgres.server().connect(database.orElseThrow());
                PreparedStatement s = c.prepareStatement("select count(*) from pg_stat_activity where state = 'active'"
                        + " and pid <> pg_backend_pid() and position(? in query) > 0")) {
            s.setString(1, text);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
