package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.TenantSchema.HistoryRow;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.StepFailed;
import dev.flotilla.testkit.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Every step runs under the agent's default lock timeout when its migration sets none (3s in these
 * tests), so a step that waits for a lock gives up instead of holding up the tenant's own queries,
 * which queue behind it.
 */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class StepTimeoutsTest extends AgentIntegrationTest {

    @Test
    void shouldGiveUpOnALockAfterTheDefaultTimeoutAndLetTheApplicationGoOn() throws Exception {
        // given the application holds a long read transaction on the table
        String tenant = servedTenant("tenant_0043");
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_notes", "create table notes (id int primary key);"),
                Steps.transactional("0002", "add_body", "alter table notes add column body text;")));
        events.awaitFinished(coordinator.runTenant(tenant, planId, "0001"));
        try (Connection reader = TestPostgres.server().connect(database.orElseThrow());
                Statement read = reader.createStatement()) {
            reader.setAutoCommit(false);
            read.execute("set search_path to \"" + tenant + "\"; select count(*) from notes");

            // when a step needs an exclusive lock on it, and another application query comes after it
            UUID run = coordinator.runTenant(tenant, planId, "0002");
            await().until(() -> waitingForLock(tenant));
            CompletableFuture<Long> queued =
                    CompletableFuture.supplyAsync(() -> schema(tenant).count("select count(*) from notes"));

            // then the step gives up on the lock, not dirty, and the queued query gets its answer
            StepFailed failed = EventLog.payloads(events.awaitFinished(run), StepFailed.class)
                    .getFirst();
            assertThat(failed.sqlState()).as("lock_not_available").isEqualTo("55P03");
            assertThat(failed.dirty()).isFalse();
            assertThat(queued.get(30, java.util.concurrent.TimeUnit.SECONDS)).isZero();
            reader.rollback();
        }

        // and once the application lets go, a retry applies the step
        UUID retry = coordinator.runTenant(tenant, planId, "0002");
        assertThat(EventLog.payloads(events.awaitFinished(retry), RunFinished.class)
                        .getFirst()
                        .outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(schema(tenant).history()).extracting(HistoryRow::version).containsExactly("0001", "0002");
    }

    /** True while some session of the tenants' database waits for a lock. */
    private boolean waitingForLock(String tenant) throws Exception {
        try (Connection c = TestPostgres.server().connect(database.orElseThrow());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and query ilike '%alter table notes%'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
