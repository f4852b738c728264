package dev.flotilla.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cheap catalog whose steps can be made slow for one tenant at a time, and that leaves a trace of
 * every execution of a step, so a fault test can land a kill inside a step and then count, outside
 * the history table, how often each step's SQL really took effect.
 *
 * <p>Every step calls {@code public.fault_step(version)}: it names its session {@code fault TENANT
 * VERSION} (its {@code application_name}, until the transaction ends, so a test finds the backend of
 * one tenant's step in {@code pg_stat_activity}), sleeps as long as {@code public.fault_pauses} says
 * for (current tenant, version), zero by default, then inserts a row into
 * {@code public.fault_effects}. In a transactional step that row commits or rolls back with the step;
 * in the non-transactional 0003 it commits on its own, before the step's concurrent index is built.
 */
final class FaultFixture {

    /** The catalog's versions, in order; 0003 is non-transactional. */
    static final List<String> VERSIONS = List.of("0001", "0002", "0003", "0004");

    /** The tables and the function the steps use, in the fleet database's {@code public} schema. */
    static final String SQL = """
            create table public.fault_pauses (tenant text not null, version text not null,
                seconds float8 not null, primary key (tenant, version));
            create table public.fault_effects (tenant text not null, version text not null,
                at timestamptz not null default clock_timestamp());
            create function public.fault_step(v text) returns void language plpgsql as $$
            begin
                perform set_config('application_name', 'fault ' || current_schema() || ' ' || v, true);
                perform pg_sleep(coalesce((select seconds from public.fault_pauses
                    where tenant = current_schema() and version = v), 0));
                insert into public.fault_effects (tenant, version) values (current_schema(), v);
            end $$;
            """;

    private FaultFixture() {}

    static void writeMigrations(Path dir) throws IOException {
        Files.writeString(
                dir.resolve("0001_create_items.up.sql"),
                "create table items (id bigint primary key, note text);\nselect public.fault_step('0001');\n");
        Files.writeString(
                dir.resolve("0002_add_flag.up.sql"),
                "alter table items add column flag int;\nselect public.fault_step('0002');\n");
        Files.writeString(
                dir.resolve("0003_index_notes.up.sql"),
                "-- flotilla:no-transaction\nselect public.fault_step('0003');\n"
                        + "create index concurrently if not exists items_note_idx on items (note);\n");
        Files.writeString(
                dir.resolve("0004_add_label.up.sql"),
                "alter table items add column label text;\nselect public.fault_step('0004');\n");
    }

    /** Makes {@code version}'s step sleep {@code seconds} in each of {@code tenants}. */
    static void pause(TestSystem system, List<String> tenants, String version, double seconds) throws SQLException {
        try (Connection c = system.pg().connect(system.fleetDb());
                PreparedStatement s = c.prepareStatement("insert into public.fault_pauses values (?, ?, ?)"
                        + " on conflict (tenant, version) do update set seconds = excluded.seconds")) {
            for (String tenant : tenants) {
                s.setString(1, tenant);
                s.setString(2, version);
                s.setDouble(3, seconds);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** How often each step took effect, by tenant, then version. */
    static Map<String, Map<String, Integer>> effects(TestSystem system) throws SQLException {
        Map<String, Map<String, Integer>> effects = new HashMap<>();
        try (Connection c = system.pg().connect(system.fleetDb());
                PreparedStatement s = c.prepareStatement(
                        "select tenant, version, count(*) from public.fault_effects group by tenant, version");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                effects.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getInt(3));
            }
        }
        return effects;
    }

    /**
     * Whether a tenant session is asleep in {@code public.fault_step(version)} right now, as PostgreSQL's
     * own activity view shows it: a kill now lands in the middle of that step. Only the tenants given a
     * pause sleep, so with one paused tenant this is that tenant's step.
     */
    static boolean asleepIn(TestSystem system, String version) throws SQLException {
        return !sleepers(system, version, null).isEmpty();
    }

    /**
     * The backends asleep in {@code public.fault_step(version)} of {@code tenant}, or of any tenant when
     * it is null, found by the session name the step gave itself.
     */
    static List<Integer> sleepers(TestSystem system, String version, String tenant) throws SQLException {
        List<Integer> pids = new ArrayList<>();
        try (Connection c = system.pg().connect(system.fleetDb());
                PreparedStatement s = c.prepareStatement("select pid from pg_stat_activity where datname ="
                        + " current_database() and wait_event = 'PgSleep' and application_name like ?")) {
            s.setString(1, "fault " + (tenant == null ? "%" : tenant) + " " + version);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
        }
        return pids;
    }

    /**
     * Whether any of the backends {@code pids} still exists: a backend that has woken from its sleep
     * may still be writing its history row and committing, so only its end says its transaction is
     * over, one way or the other.
     */
    static boolean anyAlive(TestSystem system, List<Integer> pids) throws SQLException {
        try (Connection c = system.pg().connect(system.fleetDb());
                PreparedStatement s = c.prepareStatement("select count(*) from pg_stat_activity where pid = any(?)")) {
            s.setArray(1, c.createArrayOf("int4", pids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /**
     * Ends backend {@code pid} as PostgreSQL ends the session of a client it found gone (with {@code
     * client_connection_check_interval} set, or an operator's {@code pg_terminate_backend}): its open
     * transaction rolls back.
     */
    static void terminate(TestSystem system, int pid) throws SQLException {
        try (Connection c = system.pg().connect(system.fleetDb());
                PreparedStatement s = c.prepareStatement("select pg_terminate_backend(?)")) {
            s.setInt(1, pid);
            s.execute();
        }
    }

    /** Whether any tenant session is still asleep in a step (an orphan of a killed agent, say). */
    static boolean anyAsleep(TestSystem system) throws SQLException {
        try (Connection c = system.pg().connect(system.fleetDb());
                PreparedStatement s = c.prepareStatement("select count(*) from pg_stat_activity"
                        + " where datname = current_database() and wait_event = 'PgSleep'");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }
}
