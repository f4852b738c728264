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
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.StepFailed;
import dev.flotilla.model.wire.StepProgress;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Batched data steps ({@code -- flotilla:batch}): key-ordered batches, each committed with its cursor,
 * resumed from the cursor, never repeated. Every row carries a counter the step increments, so a batch
 * that ran twice shows.
 */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class BatchedStepTest extends AgentIntegrationTest {

    /** 2,500 orders with gaps in their ids (every third id is missing), none converted yet. */
    static final String CREATE_ORDERS = "create table orders (id bigint primary key, total numeric not null,"
            + " total_cents bigint, touched int not null default 0);\n"
            + "insert into orders (id, total) select g, g / 100.0 from generate_series(1, 3750) g where g % 3 <> 0;";

    private static final String BACKFILL = "-- flotilla:batch table=orders key=id size=1000\n"
            + "update orders set total_cents = (total * 100)::bigint, touched = touched + 1"
            + " where id > :lo and id <= :hi;\n";

    @Test
    void shouldUpdateEveryRowOnceAndRecordTheStepWhenBatched() {
        // given
        String tenant = servedTenant("tenant_0019");
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_orders", CREATE_ORDERS),
                Steps.transactional("0002", "backfill_cents", BACKFILL)));

        // when
        UUID runId = coordinator.runTenant(tenant, planId, "0001", "0002");

        // then
        List<Envelope<Payload>> run = events.awaitFinished(runId);
        assertThat(EventLog.types(run))
                .containsExactly(RUN_STARTED, STEP_SUCCEEDED, STEP_STARTED, STEP_SUCCEEDED, RUN_FINISHED);
        assertThat(EventLog.payloads(run, RunFinished.class).getFirst().outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(rows(tenant)).isEqualTo(new Rows(2500, 2500, 2500, 0));
        assertThat(schema(tenant).history())
                .extracting(HistoryRow::version, HistoryRow::checksum, HistoryRow::state)
                .containsExactly(
                        tuple("0001", Checksum.of(CREATE_ORDERS), "applied"),
                        tuple("0002", Checksum.of(BACKFILL), "applied"));
        assertThat(count(tenant, "select count(*) from flotilla_batch_cursor")).isZero();
    }

    @Test
    void shouldResumeAfterTheCursorWhenAnEarlierRunStoppedHalfWay() {
        // given the state a killed agent leaves: the batches up to id 1500 committed with their cursor
        String tenant = servedTenant("tenant_0020");
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_orders", CREATE_ORDERS),
                Steps.transactional("0002", "backfill_cents", BACKFILL)));
        events.awaitFinished(coordinator.runTenant(tenant, planId, "0001"));
        schema(tenant)
                .execute(
                        "update orders set total_cents = (total * 100)::bigint, touched = touched + 1 where id <= 1500;"
                                + "create table flotilla_batch_cursor (version text not null, direction text not null,"
                                + " checksum text not null, cursor text not null, rows_done bigint not null,"
                                + " batches bigint not null, started_at timestamptz not null default now(),"
                                + " updated_at timestamptz not null default now(), run_id uuid, agent_id text not null,"
                                + " primary key (version, direction));"
                                + "insert into flotilla_batch_cursor values ('0002', 'up', '" + Checksum.of(BACKFILL)
                                + "', '1500', 1000, 1, now(), now(), null, 'killed-agent')");

        // when
        UUID runId = coordinator.runTenant(tenant, planId, "0002");

        // then the committed batches did not run again and the rest ran once
        assertThat(EventLog.payloads(events.awaitFinished(runId), RunFinished.class)
                        .getFirst()
                        .outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(rows(tenant)).isEqualTo(new Rows(2500, 2500, 2500, 0));
        assertThat(schema(tenant).history()).extracting(HistoryRow::version).containsExactly("0001", "0002");
    }

    @Test
    void shouldKeepCommittedBatchesAndResumeWhenABatchFails() {
        // given a row in the second batch that makes the statement fail
        String tenant = servedTenant("tenant_0021");
        String failing = "-- flotilla:batch table=orders key=id size=1000\n"
                + "update orders set total_cents = (100 / (total - 25))::bigint, touched = touched + 1"
                + " where id > :lo and id <= :hi;\n";
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_orders", CREATE_ORDERS),
                Steps.transactional("0002", "backfill_cents", failing)));

        // when
        UUID first = coordinator.runTenant(tenant, planId, "0001", "0002");

        // then the step failed, not dirty, with the batches before the bad row kept
        List<Envelope<Payload>> run = events.awaitFinished(first);
        assertThat(EventLog.types(run))
                .containsExactly(RUN_STARTED, STEP_SUCCEEDED, STEP_STARTED, STEP_FAILED, RUN_FINISHED);
        StepFailed failed = EventLog.payloads(run, StepFailed.class).getFirst();
        assertThat(failed.sqlState()).isEqualTo("22012");
        assertThat(failed.dirty()).isFalse();
        assertThat(failed.message()).contains("batch after key 1499").contains("1000 keys done are kept");
        // the first batch holds the 1,000 lowest ids (1..1499), the bad row (id 2500) is in the second
        assertThat(count(tenant, "select count(*) from orders where touched = 1 and id <= 1499"))
                .isEqualTo(1000);
        assertThat(count(tenant, "select count(*) from orders where touched > 0 and id > 1499"))
                .isZero();
        assertThat(count(tenant, "select count(*) from flotilla_batch_cursor where cursor = '1499'"))
                .isEqualTo(1);
        assertThat(schema(tenant).history()).extracting(HistoryRow::version).containsExactly("0001");

        // when the bad row is fixed and the step is run again
        schema(tenant).execute("update orders set total = 26 where total = 25");
        UUID retry = coordinator.runTenant(tenant, planId, "0002");

        // then it goes on after the cursor, and no row was touched twice
        assertThat(EventLog.payloads(events.awaitFinished(retry), RunFinished.class)
                        .getFirst()
                        .outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(count(tenant, "select count(*) from orders where touched = 1"))
                .isEqualTo(2500);
        assertThat(schema(tenant).history()).extracting(HistoryRow::version).containsExactly("0001", "0002");
    }

    @Test
    void shouldWalkTextKeysAndReportProgressWhenPaused() {
        // given text keys and a pause long enough for progress reports between batches
        String tenant = servedTenant("tenant_0022");
        String create = "create table users (login text primary key, email text, touched int not null default 0);\n"
                + "insert into users (login) select 'user-' || lpad(g::text, 4, '0') from generate_series(1, 300) g;\n"
                + "analyze users;";
        String fill = "-- flotilla:batch table=users key=login size=20 pause=200ms\n"
                + "update users set email = login || '@example.com', touched = touched + 1"
                + " where login > :lo and login <= :hi;";
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_users", create), Steps.transactional("0002", "fill_emails", fill)));

        // when
        UUID runId = coordinator.runTenant(tenant, planId, "0001", "0002");

        // then
        List<Envelope<Payload>> run = events.awaitFinished(runId);
        assertThat(EventLog.payloads(run, RunFinished.class).getFirst().outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(count(tenant, "select count(*) from users where touched = 1 and email = login || '@example.com'"))
                .isEqualTo(300);
        List<StepProgress> progress = EventLog.payloads(run, StepProgress.class);
        assertThat(progress).isNotEmpty().allSatisfy(p -> {
            assertThat(p.rowsDone()).isBetween(20L, 300L);
            assertThat(p.rowsTotal()).isEqualTo(300L);
            assertThat(p.cursor()).startsWith("user-");
            assertThat(p.rowsPerSecond()).isPositive();
            assertThat(p.etaSeconds()).isNotNegative();
        });
    }

    @Test
    void shouldRevertInBatchesWhenTheDownScriptIsBatched() {
        // given the backfill applied, with a batched down script that clears what it filled
        String tenant = servedTenant("tenant_0024");
        String down = "-- flotilla:batch table=orders key=id size=700\n"
                + "update orders set total_cents = null, touched = touched + 10 where id > :lo and id <= :hi;\n";
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_orders", CREATE_ORDERS),
                Steps.reversible("0002", "backfill_cents", BACKFILL, down)));
        events.awaitFinished(coordinator.runTenant(tenant, planId, "0001", "0002"));

        // when
        UUID revert = coordinator.revertTenant(tenant, planId, "0002");

        // then every row was reverted once, and the history says the step is down
        assertThat(EventLog.payloads(events.awaitFinished(revert), RunFinished.class)
                        .getFirst()
                        .outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(count(tenant, "select count(*) from orders where total_cents is null and touched = 11"))
                .isEqualTo(2500);
        assertThat(schema(tenant).history())
                .extracting(HistoryRow::version, HistoryRow::direction, HistoryRow::state)
                .containsExactly(
                        tuple("0001", "up", "applied"),
                        tuple("0002", "up", "applied"),
                        tuple("0002", "down", "applied"));
        assertThat(count(tenant, "select count(*) from flotilla_batch_cursor")).isZero();
    }

    @Test
    void shouldFailWithoutTouchingRowsWhenTheKeyHasNoUniqueIndex() {
        // given
        String tenant = servedTenant("tenant_0023");
        String create = "create table events (seq bigint, n int not null default 0);"
                + " insert into events (seq) select generate_series(1, 10);";
        String touch = "-- flotilla:batch table=events key=seq size=5\n"
                + "update events set n = n + 1 where seq > :lo and seq <= :hi;";
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_events", create),
                Steps.transactional("0002", "touch_events", touch)));

        // when
        UUID runId = coordinator.runTenant(tenant, planId, "0001", "0002");

        // then
        StepFailed failed =
                EventLog.payloads(events.awaitFinished(runId), StepFailed.class).getFirst();
        assertThat(failed.message()).contains("events.seq").contains("unique index");
        assertThat(count(tenant, "select count(*) from events where n > 0")).isZero();
        assertThat(schema(tenant).history()).extracting(HistoryRow::version).containsExactly("0001");
    }

    /** The orders: how many, how many converted right, how many touched once, how many touched twice or more. */
    record Rows(long total, long converted, long touchedOnce, long touchedTwice) {}

    private Rows rows(String tenant) {
        return new Rows(
                count(tenant, "select count(*) from orders"),
                count(tenant, "select count(*) from orders where total_cents = (total * 100)::bigint"),
                count(tenant, "select count(*) from orders where touched = 1"),
                count(tenant, "select count(*) from orders where touched > 1"));
    }

    private long count(String tenant, String sql) {
        return schema(tenant).count(sql);
    }
}
