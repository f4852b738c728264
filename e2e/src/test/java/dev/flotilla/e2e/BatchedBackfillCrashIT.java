package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.testkit.Fleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batched backfill of 200,000 rows survives a kill -9 of its agent: the restarted agent resumes
 * after the last committed batch, every row is updated exactly once (a counter column the step
 * increments says so) and to the right value, and the step is recorded applied once.
 */
class BatchedBackfillCrashIT {

    private static final int ROWS = 200_000;
    private static final String AGENT = "agent-site-a";

    @TempDir
    static Path migrations;

    private static TestSystem system;
    private static String tenant;

    @BeforeAll
    static void startSystem() throws Exception {
        Files.writeString(
                migrations.resolve("0001_create_orders.up.sql"),
                "create table orders (id bigint primary key, total numeric(12, 2) not null, total_cents bigint,"
                        + " touched int not null default 0);\n"
                        + "insert into orders (id, total) select g, (g % 10000) / 100.0 from generate_series(1, "
                        + ROWS + ") g;\nanalyze orders;\n");
        // About 100 batches with a pause each: several seconds, so the kill lands in the middle.
        Files.writeString(
                migrations.resolve("0002_backfill_cents.up.sql"),
                "-- flotilla:batch table=orders key=id size=2000 pause=50ms\n"
                        + "update orders set total_cents = (total * 100)::bigint, touched = touched + 1"
                        + " where id > :lo and id <= :hi;\n");
        system = TestSystem.create("bfcrash");
        List<String> tenants = Fleet.createSchemas(system.pg(), system.fleetDb(), 1);
        tenant = tenants.getFirst();
        system.coordinator(migrations, Map.of("flotilla.runs.quiet-after", "20s"));
        system.agent(
                "site-a",
                tenants,
                Map.of(
                        "flotilla.agent.progress-interval", "1s",
                        "mp.messaging.incoming.commands.session.timeout.ms", "6000",
                        "mp.messaging.incoming.commands.heartbeat.interval.ms", "1000"));
        system.awaitReady(1);
    }

    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void shouldResumeFromTheCursorAndUpdateEveryRowOnceWhenTheAgentIsKilledMidBackfill() throws Exception {
        // given the table exists
        assertThat(system.rollOut(List.of(1), "0001", 1)).isEqualTo("COMPLETED");

        // when the backfill has committed some batches, but not all, its agent is killed
        String rollout = system.startRollout(List.of(1), "0002", 1);
        await("some batches committed")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> cursorRows() >= 20_000);
        long atKill = cursorRows();
        system.service(AGENT).kill();
        long afterKill = cursorRows();

        // then nothing moves while it is down, and a restart resumes after the cursor
        assertThat(afterKill).as("the kill stopped the backfill part-way").isLessThan(ROWS);
        assertThat(count("select count(*) from orders where touched = 1")).isEqualTo(afterKill);
        system.service(AGENT).restart();
        system.service(AGENT).awaitReady();
        JsonNode done = system.awaitStopped(rollout);

        assertThat(done.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(count("select count(*) from orders")).isEqualTo(ROWS);
        assertThat(count("select count(*) from orders where touched = 1"))
                .as("every row updated exactly once")
                .isEqualTo(ROWS);
        assertThat(count("select count(*) from orders where total_cents = (total * 100)::bigint"))
                .isEqualTo(ROWS);
        assertThat(count("select count(*) from flotilla_schema_history where version = '0002'"))
                .as("the step is recorded once")
                .isEqualTo(1);
        assertThat(count("select count(*) from flotilla_batch_cursor")).isZero();
        assertThat(atKill).isGreaterThanOrEqualTo(20_000);
    }

    /** Rows the committed batches covered, as the cursor says; 0 before the first batch. */
    private static long cursorRows() throws SQLException {
        if (count("select count(*) from pg_tables where schemaname = '" + tenant
                        + "' and tablename = 'flotilla_batch_cursor'")
                == 0) {
            return 0;
        }
        return count("select coalesce(sum(rows_done), 0) from flotilla_batch_cursor");
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = system.pg().connect(system.fleetDb());
                Statement s = c.createStatement()) {
            s.execute("set search_path to \"" + tenant + "\"");
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
