package dev.flotilla.coordinator;

import dev.flotilla.testkit.PgServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A coordinator database as the hand-written migrator left it before Flyway: scripts V1 to V3 applied
 * and recorded in {@code coordinator_schema}, and rows written under that schema (a labelled tenant,
 * an applied cell, a finished rollout with one succeeded run).
 */
final class PreFlywaySchema {

    static final String TENANT = "legacy_t1";
    static final String ROLLOUT = "00000000-0000-4000-8000-000000000001";
    static final String RUN = "00000000-0000-4000-8000-000000000002";

    private static final List<String> SCRIPTS =
            List.of("V1__coordinator_state.sql", "V2__quiet_runs_and_dead_letters.sql", "V3__cell_counts.sql");

    private PreFlywaySchema() {}

    static void build(PgServer postgres, String database) {
        try (Connection c = postgres.connect(database);
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String script : SCRIPTS) {
                s.execute(resource("db/migration/" + script));
            }
            s.execute("create table coordinator_schema (version int primary key,"
                    + " applied_at timestamptz not null default now())");
            s.execute("insert into coordinator_schema (version) values (1), (2), (3)");
            s.execute("insert into tenants (tenant_id, site, labels, last_inventory_at)" + " values ('" + TENANT
                    + "', 's1', '{\"tier\": \"gold\"}', now())");
            // Cell state 2 is APPLIED; V3's triggers count it in cell_counts.
            s.execute("insert into cells (tenant_id, version, state, checksum, updated_at)" + " values ('" + TENANT
                    + "', '0001', 2, 'abc', now())");
            s.execute("insert into plans (plan_id, target_version, body, created_at) values ('plan-legacy',"
                    + " '0001', convert_to('{\"steps\": [{\"version\": \"0001\"}]}', 'UTF8'), now())");
            // Rollout state 1 is COMPLETED, run state 3 SUCCEEDED: nothing left for the engine to do.
            s.execute("insert into rollouts (rollout_id, plan_id, target_version, state, max_parallel,"
                    + " created_at, finished_at) values ('" + ROLLOUT + "', 'plan-legacy', '0001', 1, 7,"
                    + " now() - interval '1 hour', now())");
            s.execute("insert into runs (run_id, rollout_id, tenant_id, site, steps, state, created_at,"
                    + " dispatched_at, finished_at, heard_at, sends) values ('" + RUN + "', '" + ROLLOUT
                    + "', '" + TENANT + "', 's1', '{0001}', 3, now() - interval '1 hour',"
                    + " now() - interval '1 hour', now(), now(), 1)");
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build the pre-Flyway database: " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = PreFlywaySchema.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
