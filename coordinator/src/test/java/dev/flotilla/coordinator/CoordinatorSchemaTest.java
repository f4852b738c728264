package dev.flotilla.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.coordinator.store.CoordinatorSchema;
import dev.flotilla.testkit.PgServer;
import dev.flotilla.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Coordinators starting together on one database, each migrating it with its own connections, as
 * several replicas do after a deployment: every script runs once, and a pre-Flyway database is
 * baselined once.
 */
class CoordinatorSchemaTest {

    private static final int COORDINATORS = 3;

    private final PgServer postgres = TestPostgres.server();
    private String database;

    @BeforeEach
    void createDatabase() {
        database = postgres.createDatabase("ft_schema");
    }

    @AfterEach
    void dropDatabase() {
        postgres.dropDatabase(database);
    }

    @Test
    void shouldApplyEachScriptOnceWhenCoordinatorsStartTogetherOnANewDatabase() throws Exception {
        // given a new database

        // when several coordinators migrate it at the same moment
        migrateTogether();

        // then each script ran once, in order
        List<List<String>> history = history();
        assertThat(history)
                .startsWith(
                        List.of("1", "SQL"),
                        List.of("2", "SQL"),
                        List.of("3", "SQL"),
                        List.of("4", "SQL"),
                        List.of("5", "SQL"))
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldBaselineOnceWhenCoordinatorsStartTogetherOnAPreFlywayDatabase() throws Exception {
        // given a database the hand-written migrator had brought to version 3
        PreFlywaySchema.build(postgres, database);

        // when several coordinators migrate it at the same moment
        migrateTogether();

        // then one baseline at 3 was recorded, and each later script ran once
        assertThat(history())
                .startsWith(List.of("3", "BASELINE"), List.of("4", "SQL"), List.of("5", "SQL"))
                .doesNotHaveDuplicates()
                .filteredOn(row -> row.get(1).equals("BASELINE"))
                .hasSize(1);
    }

    private void migrateTogether() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(COORDINATORS);
        try {
            CountDownLatch ready = new CountDownLatch(COORDINATORS);
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < COORDINATORS; i++) {
                CoordinatorSchema schema = new CoordinatorSchema(Flyway.configure()
                        .dataSource(postgres.jdbcUrl(database), postgres.user(), postgres.password())
                        .load());
                runs.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    schema.migrate();
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each row of Flyway's history as {version, type}, in the order it was installed. */
    private List<List<String>> history() throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = postgres.connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select version, type from flyway_schema_history where success order by installed_rank")) {
            while (rs.next()) {
                rows.add(List.of(rs.getString(1), rs.getString(2)));
            }
        }
        return rows;
    }
}
