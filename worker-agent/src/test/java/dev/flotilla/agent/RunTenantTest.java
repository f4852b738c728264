package dev.flotilla.agent;

import static dev.flotilla.model.wire.MessageTypes.RUN_FINISHED;
import static dev.flotilla.model.wire.MessageTypes.RUN_STARTED;
import static dev.flotilla.model.wire.MessageTypes.STEP_FAILED;
import static dev.flotilla.model.wire.MessageTypes.STEP_PROGRESS;
import static dev.flotilla.model.wire.MessageTypes.STEP_STARTED;
import static dev.flotilla.model.wire.MessageTypes.STEP_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flotilla.agent.TenantSchema.HistoryRow;
import dev.flotilla.model.catalog.Checksum;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.PlanStep;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunStarted;
import dev.flotilla.model.wire.StepFailed;
import dev.flotilla.model.wire.StepSucceeded;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Transactional steps applied by the real agent to a real tenant schema. */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class RunTenantTest extends AgentIntegrationTest {

    private static final String CREATE_CUSTOMERS = "create table customers (id bigint primary key, name text);";
    private static final String CREATE_ORDERS =
            "create table orders (id bigint primary key, customer_id bigint references customers (id));";

    @Test
    void shouldApplyBothStepsAndRecordThemWhenATenantRunsATwoStepPlan() {
        // given
        String tenant = servedTenant("tenant_0001");
        List<PlanStep> steps = List.of(
                Steps.transactional("0001", "create_customers", CREATE_CUSTOMERS),
                Steps.transactional("0002", "create_orders", CREATE_ORDERS));
        String planId = coordinator.publishPlan(steps);

        // when
        UUID runId = coordinator.runTenant(tenant, planId, "0001", "0002");

        // then
        List<Envelope<Payload>> run = events.awaitFinished(runId);
        assertThat(EventLog.types(run)).containsExactly(RUN_STARTED, STEP_SUCCEEDED, STEP_SUCCEEDED, RUN_FINISHED);
        assertThat(run).allSatisfy(e -> {
            assertThat(e.tenant()).isEqualTo(tenant);
            assertThat(e.rollout()).isEqualTo(FakeCoordinator.ROLLOUT);
        });
        assertThat(EventLog.payloads(run, RunStarted.class).getFirst().agent()).isEqualTo(AgentTestResources.AGENT_ID);
        assertThat(EventLog.payloads(run, StepSucceeded.class))
                .extracting(s -> s.version().text(), StepSucceeded::checksum, StepSucceeded::alreadyApplied)
                .containsExactly(
                        tuple("0001", Checksum.of(CREATE_CUSTOMERS), false),
                        tuple("0002", Checksum.of(CREATE_ORDERS), false));
        RunFinished finished = EventLog.payloads(run, RunFinished.class).getFirst();
        assertThat(finished.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(finished.message()).isNull();

        assertThat(schema(tenant).history())
                .extracting(
                        HistoryRow::version,
                        HistoryRow::name,
                        HistoryRow::checksum,
                        HistoryRow::direction,
                        HistoryRow::state)
                .containsExactly(
                        tuple("0001", "create_customers", Checksum.of(CREATE_CUSTOMERS), "up", "applied"),
                        tuple("0002", "create_orders", Checksum.of(CREATE_ORDERS), "up", "applied"));
        assertThat(schema(tenant).history()).extracting(HistoryRow::agentId).containsOnly(AgentTestResources.AGENT_ID);
        assertThat(schema(tenant).hasTable("customers")).isTrue();
        assertThat(schema(tenant).hasTable("orders")).isTrue();
    }

    @Test
    void shouldCommitConsecutiveTransactionalStepsTogetherAndTimeEachOnItsOwnWhenARunHasSeveral() {
        // given three transactional steps, the middle one slow
        String tenant = servedTenant("tenant_0011");
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_customers", CREATE_CUSTOMERS),
                Steps.transactional("0002", "slow_step", "select pg_sleep(1);"),
                Steps.transactional("0003", "create_orders", CREATE_ORDERS)));

        // when
        UUID runId = coordinator.runTenant(tenant, planId, "0001", "0002", "0003");

        // then one transaction wrote the three rows, and only the slow step took a second
        assertThat(EventLog.payloads(events.awaitFinished(runId), RunFinished.class)
                        .getFirst()
                        .outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        List<TenantSchema.Written> rows = schema(tenant).written();
        assertThat(rows).extracting(TenantSchema.Written::version).containsExactly("0001", "0002", "0003");
        assertThat(rows)
                .extracting(TenantSchema.Written::transaction)
                .containsOnly(rows.getFirst().transaction());
        assertThat(rows.get(1).durationMs()).isGreaterThanOrEqualTo(1000);
        assertThat(rows.get(0).durationMs() + rows.get(2).durationMs())
                .isLessThan(rows.get(1).durationMs());
    }

    @Test
    void shouldAnnounceASlowStepThenReportItAliveWhileItRunsAndNeverAfterItSucceeded() {
        // given
        String tenant = servedTenant("tenant_0009");
        String planId =
                coordinator.publishPlan(List.of(Steps.transactional("0001", "slow_step", "select pg_sleep(8);")));

        // when
        UUID runId = coordinator.runTenant(tenant, planId, "0001");

        // then
        List<String> types = EventLog.types(events.awaitFinished(runId));
        assertThat(types).startsWith(RUN_STARTED, STEP_STARTED, STEP_PROGRESS, STEP_PROGRESS);
        assertThat(types).endsWith(STEP_SUCCEEDED, RUN_FINISHED);
        assertThat(types.subList(2, types.size() - 2)).containsOnly(STEP_PROGRESS);
    }

    @Test
    void shouldRefuseToRunAPlanWhenItIsNotSignedByTheTrustedCoordinator() {
        // given
        String tenant = servedTenant("tenant_0010");
        String planId = coordinator.publishUnsignedPlan(
                List.of(Steps.transactional("0001", "create_customers_unsigned", CREATE_CUSTOMERS)));

        // when
        UUID runId = coordinator.runTenant(tenant, planId, "0001");

        // then
        List<Envelope<Payload>> run = events.awaitFinished(runId);
        assertThat(EventLog.types(run)).containsExactly(RUN_FINISHED);
        RunFinished finished = EventLog.payloads(run, RunFinished.class).getFirst();
        assertThat(finished.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(finished.message()).contains("plan " + planId + " was rejected", "unsigned");
        assertThat(schema(tenant).hasTable("customers")).isFalse();
    }

    @Test
    void shouldRunNothingAgainWhenTheSameRunIsSentTwice() {
        // given
        String tenant = servedTenant("tenant_0002");
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_customers", CREATE_CUSTOMERS),
                Steps.transactional("0002", "create_orders", CREATE_ORDERS)));
        UUID first = coordinator.runTenant(tenant, planId, "0001", "0002");
        assertThat(EventLog.payloads(events.awaitFinished(first), RunFinished.class))
                .extracting(RunFinished::outcome)
                .containsExactly(RunOutcome.SUCCEEDED);
        List<HistoryRow> before = schema(tenant).history();

        // when
        UUID second = coordinator.runTenant(tenant, planId, "0001", "0002");

        // then
        List<Envelope<Payload>> rerun = events.awaitFinished(second);
        assertThat(EventLog.types(rerun)).containsExactly(RUN_STARTED, STEP_SUCCEEDED, STEP_SUCCEEDED, RUN_FINISHED);
        assertThat(EventLog.payloads(rerun, StepSucceeded.class))
                .extracting(s -> s.version().text(), StepSucceeded::checksum, StepSucceeded::alreadyApplied)
                .containsExactly(
                        tuple("0001", Checksum.of(CREATE_CUSTOMERS), true),
                        tuple("0002", Checksum.of(CREATE_ORDERS), true));
        assertThat(EventLog.payloads(rerun, StepSucceeded.class))
                .as("the rollout that applied them, from their history rows")
                .extracting(StepSucceeded::appliedBy)
                .containsOnly(FakeCoordinator.ROLLOUT);
        assertThat(EventLog.payloads(rerun, RunFinished.class).getFirst().outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(schema(tenant).history()).hasSize(2).isEqualTo(before);
    }

    @Test
    void shouldRefuseTheStepWhenTheTenantHasItsVersionWithAnotherChecksum() {
        // given
        String tenant = servedTenant("tenant_0003");
        String original =
                coordinator.publishPlan(List.of(Steps.transactional("0001", "create_customers", CREATE_CUSTOMERS)));
        UUID first = coordinator.runTenant(tenant, original, "0001");
        assertThat(EventLog.payloads(events.awaitFinished(first), RunFinished.class))
                .extracting(RunFinished::outcome)
                .containsExactly(RunOutcome.SUCCEEDED);
        String edited = "create table customers (id bigint primary key, name text, email text);";
        String editedPlan = coordinator.publishPlan(List.of(Steps.transactional("0001", "create_customers", edited)));

        // when
        UUID second = coordinator.runTenant(tenant, editedPlan, "0001");

        // then
        List<Envelope<Payload>> run = events.awaitFinished(second);
        assertThat(EventLog.types(run)).containsExactly(RUN_STARTED, STEP_FAILED, RUN_FINISHED);
        StepFailed failed = EventLog.payloads(run, StepFailed.class).getFirst();
        assertThat(failed.version().text()).isEqualTo("0001");
        assertThat(failed.code()).isEqualTo(FailureCode.CHECKSUM_MISMATCH);
        assertThat(failed.message()).contains("checksum mismatch");
        assertThat(failed.dirty()).isFalse();
        assertThat(EventLog.payloads(run, RunFinished.class).getFirst().outcome())
                .isEqualTo(RunOutcome.FAILED);
        assertThat(schema(tenant).history()).singleElement().satisfies(row -> {
            assertThat(row.checksum()).isEqualTo(Checksum.of(CREATE_CUSTOMERS));
            assertThat(row.state()).isEqualTo("applied");
        });
    }

    @Test
    void shouldRollTheWholeStepBackAndStopTheRunWhenAStatementOfATransactionalStepFails() {
        // given
        String tenant = servedTenant("tenant_0005");
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_customers", CREATE_CUSTOMERS),
                Steps.transactional(
                        "0002", "half_broken", "create table ok_part (id int); select * from no_such_table;"),
                Steps.transactional("0003", "create_later", "create table later (id int);")));

        // when
        UUID runId = coordinator.runTenant(tenant, planId, "0001", "0002", "0003");

        // then
        List<Envelope<Payload>> run = events.awaitFinished(runId);
        assertThat(EventLog.types(run)).containsExactly(RUN_STARTED, STEP_SUCCEEDED, STEP_FAILED, RUN_FINISHED);
        StepFailed failed = EventLog.payloads(run, StepFailed.class).getFirst();
        assertThat(failed.version().text()).isEqualTo("0002");
        assertThat(failed.code()).isEqualTo(FailureCode.SQL_ERROR);
        assertThat(failed.sqlState()).isEqualTo("42P01");
        assertThat(failed.message()).contains("no_such_table");
        assertThat(failed.dirty()).isFalse();
        RunFinished finished = EventLog.payloads(run, RunFinished.class).getFirst();
        assertThat(finished.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(finished.message()).contains("0002");

        assertThat(schema(tenant).history())
                .extracting(HistoryRow::version, HistoryRow::state)
                .containsExactly(tuple("0001", "applied"));
        assertThat(schema(tenant).hasTable("customers")).isTrue();
        assertThat(schema(tenant).hasTable("ok_part")).isFalse();
        assertThat(schema(tenant).hasTable("later")).isFalse();
    }
}
