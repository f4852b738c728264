package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.agent.tenants.TenantPools;
import dev.flotilla.model.catalog.Checksum;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.StepFailed;
import dev.flotilla.model.wire.StepSucceeded;
import dev.flotilla.testkit.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A step is applied at most once: the retry after a failed group reads the history afresh, and the table refuses a double apply. */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class HistoryOnceTest extends AgentIntegrationTest {

    /** Slow, so the test can write the history while its group runs; its text comes first in the group's message. */
    private static final String CREATE_STALE = "create table stale_a (id int); select pg_sleep(3);";

    @Inject
    TenantPools pools;

    @Test
    void shouldReportAStepDoneNotRunItAgainWhenItWasAppliedWhileItsGroupFailed() throws SQLException {
        // given a group of two steps, a slow one and one that fails
        String tenant = servedTenant("tenant_0031");
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_stale_a", CREATE_STALE),
                Steps.transactional("0002", "fail", "select * from no_such_stale_table;")));
        UUID runId = coordinator.runTenant(tenant, planId, "0001", "0002");

        // when, while the group runs, the history gets 0001 (as when another writer applied it)
        String query = "select count(*) from pg_stat_activity where state = 'active' and pid <> pg_backend_pid()"
                + " and query like '%create table stale_a%' and query not like '%pg_stat_activity%'";
        await().atMost(EventLog.TIMEOUT).until(() -> count(query) > 0);
        jdbc(s -> execute(
                s,
                "insert into \"" + tenant + "\".flotilla_schema_history (version, name, checksum, direction, state,"
                        + " agent_id) values ('0001', 'create_stale_a', '" + Checksum.of(CREATE_STALE)
                        + "', 'up', 'applied', 'other-writer')"));

        // then the one-by-one retry finds 0001 done and does not run it again
        var run = events.awaitFinished(runId);
        assertThat(EventLog.payloads(run, StepSucceeded.class)).singleElement().satisfies(step -> {
            assertThat(step.version().text()).isEqualTo("0001");
            assertThat(step.alreadyApplied()).isTrue();
        });
        assertThat(EventLog.payloads(run, StepFailed.class))
                .extracting(f -> f.version().text())
                .containsExactly("0002");
        assertThat(EventLog.payloads(run, RunFinished.class).getFirst().outcome())
                .isEqualTo(RunOutcome.FAILED);
        assertThat(schema(tenant).history())
                .extracting(TenantSchema.HistoryRow::agentId)
                .containsExactly("other-writer");
        assertThat(schema(tenant).hasTable("stale_a")).isFalse();
    }

    @Test
    void shouldRefuseASecondApplyButAllowAReApplyAfterADownWhenStepRowsAreWritten() {
        // given
        HistoryTable history = new HistoryTable("tenant_0032");
        withConnection(connection -> {
            history.ensure(connection);
            history.append(connection, step(HistoryTable.UP), HistoryTable.APPLIED, 1L);

            // when / then a second up without a down between is refused
            assertThatThrownBy(() -> history.append(connection, step(HistoryTable.UP), HistoryTable.APPLIED, 1L))
                    .isInstanceOfSatisfying(
                            PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("23505"));

            // and a down, then an up again, are fine
            history.append(connection, step(HistoryTable.DOWN), HistoryTable.APPLIED, 1L);
            history.append(connection, step(HistoryTable.UP), HistoryTable.APPLIED, 1L);
        });
        assertThat(schema("tenant_0032").history())
                .extracting(TenantSchema.HistoryRow::direction)
                .containsExactly("up", "down", "up");
    }

    @Test
    void shouldUpgradeATableFromBeforeTheConstraintInPlaceWhenItAlreadyHoldsADoubleApply() {
        // given a table an older agent wrote, already holding 0001 applied twice
        String tenant = "tenant_0033";
        jdbc(s -> {
            execute(
                    s,
                    "create table \"" + tenant + "\".flotilla_schema_history (installed_rank bigserial primary key,"
                            + " version text not null, name text not null, checksum text not null, direction text not"
                            + " null, state text not null, applied_at timestamptz not null default now(), duration_ms"
                            + " bigint, rollout_id text, run_id uuid, agent_id text not null)");
            for (int i = 0; i < 2; i++) {
                execute(
                        s,
                        "insert into \"" + tenant + "\".flotilla_schema_history (version, name, checksum,"
                                + " direction, state, agent_id) values ('0001', 'create', 'ab', 'up', 'applied',"
                                + " 'old-agent')");
            }
        });
        HistoryTable history = new HistoryTable(tenant);

        // when
        withConnection(history::ensure);

        // then the index is there, and refuses a third apply
        assertThat(count("select count(*) from pg_indexes where schemaname = '" + tenant + "' and indexname = '"
                        + HistoryTable.ONCE_INDEX + "'"))
                .isEqualTo(1);
        withConnection(connection -> assertThatThrownBy(
                        () -> history.append(connection, step(HistoryTable.UP), HistoryTable.APPLIED, 1L))
                .isInstanceOf(PgException.class));
        assertThat(schema(tenant).history()).hasSize(2);
    }

    private static HistoryTable.StepRecord step(String direction) {
        return HistoryTable.StepRecord.ofStep(
                Version.of("0001"), "create", "ab", direction, null, UUID.randomUUID(), "agent-it", null);
    }

    private void withConnection(Consumer<SqlConnection> work) {
        SqlConnection connection =
                pools.pool(database.orElseThrow()).getConnection().await().indefinitely();
        try {
            work.accept(connection);
        } finally {
            connection.close().await().indefinitely();
        }
    }

    private interface JdbcWork {
        void run(Statement statement) throws SQLException;
    }

    private void jdbc(JdbcWork work) {
        try (Connection c = TestPostgres.server().connect(database.orElseThrow());
                Statement s = c.createStatement()) {
            work.run(s);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(Statement statement, String sql) throws SQLException {
        statement.execute(sql);
    }

    private long count(String sql) {
        try (Connection c = TestPostgres.server().connect(database.orElseThrow());
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
