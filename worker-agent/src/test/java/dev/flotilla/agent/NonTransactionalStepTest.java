package dev.flotilla.agent;

import static dev.flotilla.model.wire.MessageTypes.RUN_FINISHED;
import static dev.flotilla.model.wire.MessageTypes.RUN_STARTED;
import static dev.flotilla.model.wire.MessageTypes.STEP_FAILED;
import static dev.flotilla.model.wire.MessageTypes.STEP_STARTED;
import static dev.flotilla.model.wire.MessageTypes.STEP_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flotilla.agent.TenantSchema.HistoryRow;
import dev.flotilla.model.catalog.Checksum;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.StepFailed;
import dev.flotilla.model.wire.StepSucceeded;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Steps that cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}) and their dirty state. */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class NonTransactionalStepTest extends AgentIntegrationTest {

    private static final String CREATE_ITEMS = "create table items (id bigint primary key, sku text);";

    @Test
    void shouldBuildTheIndexAndRecordItAppliedWhenTheStepIsNonTransactional() {
        // given
        String tenant = servedTenant("tenant_0004");
        String index = "-- flotilla:no-transaction\ncreate index concurrently items_sku_idx on items (sku);\n";
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_items", CREATE_ITEMS),
                Steps.nonTransactional("0002", "index_items_sku", index)));

        // when
        UUID runId = coordinator.runTenant(tenant, planId, "0001", "0002");

        // then
        List<Envelope<Payload>> run = events.awaitFinished(runId);
        assertThat(EventLog.types(run))
                .containsExactly(RUN_STARTED, STEP_SUCCEEDED, STEP_STARTED, STEP_SUCCEEDED, RUN_FINISHED);
        assertThat(EventLog.payloads(run, StepSucceeded.class))
                .extracting(s -> s.version().text(), StepSucceeded::checksum, StepSucceeded::alreadyApplied)
                .containsExactly(
                        tuple("0001", Checksum.of(CREATE_ITEMS), false), tuple("0002", Checksum.of(index), false));
        assertThat(EventLog.payloads(run, RunFinished.class).getFirst().outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(schema(tenant).hasValidIndex("items_sku_idx")).isTrue();
        assertThat(schema(tenant).history())
                .extracting(HistoryRow::version, HistoryRow::checksum, HistoryRow::state)
                .containsExactly(
                        tuple("0001", Checksum.of(CREATE_ITEMS), "applied"),
                        tuple("0002", Checksum.of(index), "applied"));
    }

    @Test
    void shouldLeaveTheTenantDirtyAndRefuseLaterRunsWhenANonTransactionalStepFailsHalfWay() {
        // given a non-transactional step whose first index builds and whose second one fails
        String tenant = servedTenant("tenant_0006");
        String halfWay = "create index concurrently items_id_sku_idx on items (id, sku);\n"
                + "create index concurrently missing_idx on no_such_table (id);\n";
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_items", CREATE_ITEMS),
                Steps.nonTransactional("0002", "index_twice", halfWay),
                Steps.transactional("0003", "create_after", "create table after_dirty (id int);")));

        // when
        UUID failing = coordinator.runTenant(tenant, planId, "0001", "0002");

        // then the tenant is half-changed and says so
        List<Envelope<Payload>> run = events.awaitFinished(failing);
        assertThat(EventLog.types(run))
                .containsExactly(RUN_STARTED, STEP_SUCCEEDED, STEP_STARTED, STEP_FAILED, RUN_FINISHED);
        StepFailed failed = EventLog.payloads(run, StepFailed.class).getFirst();
        assertThat(failed.version().text()).isEqualTo("0002");
        assertThat(failed.code()).isEqualTo(FailureCode.SQL_ERROR);
        assertThat(failed.sqlState()).isEqualTo("42P01");
        assertThat(failed.dirty()).isTrue();
        assertThat(EventLog.payloads(run, RunFinished.class).getFirst().outcome())
                .isEqualTo(RunOutcome.FAILED);
        assertThat(schema(tenant).history())
                .extracting(HistoryRow::version, HistoryRow::state)
                .containsExactly(tuple("0001", "applied"), tuple("0002", "dirty"));
        assertThat(schema(tenant).hasValidIndex("items_id_sku_idx")).isTrue();

        // when a later run asks for another step
        UUID later = coordinator.runTenant(tenant, planId, "0003");

        // then it is refused until the tenant is repaired
        List<Envelope<Payload>> refused = events.awaitFinished(later);
        assertThat(EventLog.types(refused)).containsExactly(RUN_STARTED, STEP_FAILED, RUN_FINISHED);
        StepFailed dirty = EventLog.payloads(refused, StepFailed.class).getFirst();
        assertThat(dirty.code()).isEqualTo(FailureCode.DIRTY);
        assertThat(dirty.dirty()).isTrue();
        assertThat(dirty.message()).contains("0002");
        assertThat(EventLog.payloads(refused, RunFinished.class).getFirst().outcome())
                .isEqualTo(RunOutcome.FAILED);
        assertThat(schema(tenant).hasTable("after_dirty")).isFalse();

        // and so is a re-run of the dirty step itself
        UUID retry = coordinator.runTenant(tenant, planId, "0002");
        assertThat(EventLog.payloads(events.awaitFinished(retry), StepFailed.class))
                .extracting(f -> f.version().text(), StepFailed::code, StepFailed::dirty)
                .containsExactly(tuple("0002", FailureCode.DIRTY, true));
        assertThat(schema(tenant).history()).hasSize(2);
    }
}
