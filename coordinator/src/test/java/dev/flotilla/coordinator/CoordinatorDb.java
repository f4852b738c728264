package dev.flotilla.coordinator;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.rollout.RunState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Plain JDBC to the coordinator's database, for assertions the REST API does not show. Read-only,
 * except {@link #asSuperuser}, with which a test plays someone holding the database's own rights.
 */
final class CoordinatorDb {

    /** A run as stored. */
    record Run(String tenant, RunState state, Instant finishedAt, String message, int sends) {}

    private final String url;
    private final String user;
    private final String password;

    CoordinatorDb(String reactiveUrl, String user, String password) {
        this.url = "jdbc:" + reactiveUrl;
        this.user = user;
        this.password = password;
    }

    /** The database of the coordinator under test, as its configuration names it. */
    static CoordinatorDb ofConfig(org.eclipse.microprofile.config.Config config) {
        return new CoordinatorDb(
                config.getValue("quarkus.datasource.reactive.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
    }

    long outboxSize() {
        return single("select count(*) from outbox");
    }

    long processedMessages() {
        return single("select count(*) from processed_messages");
    }

    long deadLetters() {
        return single("select count(*) from dead_letters");
    }

    boolean processed(UUID messageId) {
        return count("select count(*) from processed_messages where message_id = ?", messageId) == 1;
    }

    /** When an agent was last heard of about the run (or it was last sent), as stamped; null before dispatch. */
    Instant heardAt(UUID run) {
        return instant("select heard_at from runs where run_id = ?", run);
    }

    /** The timestamp {@code sql} selects (one row, one column; {@code arg} its one parameter, or null); null when SQL null. */
    Instant instant(String sql, Object arg) {
        List<Instant> found = new ArrayList<>();
        query(sql, arg, rs -> {
            var time = rs.getTimestamp(1);
            found.add(time == null ? null : time.toInstant());
        });
        if (found.size() != 1) {
            throw new IllegalStateException("'" + sql + "' gave " + found.size() + " rows");
        }
        return found.getFirst();
    }

    /** Whether a server process (a session) with this pid is still there. */
    boolean sessionAlive(int pid) {
        return count("select count(*) from pg_stat_activity where pid = ?", pid) == 1;
    }

    /** The database's clock now. */
    Instant now() {
        List<Instant> now = new ArrayList<>();
        query("select clock_timestamp()", null, rs -> now.add(rs.getTimestamp(1).toInstant()));
        return now.getFirst();
    }

    /** When each of the tenant's cells last changed, by version. */
    Map<String, Instant> cellsUpdatedAt(String tenant) {
        Map<String, Instant> updated = new TreeMap<>();
        query(
                "select version, updated_at from cells where tenant_id = ?",
                tenant,
                rs -> updated.put(rs.getString(1), rs.getTimestamp(2).toInstant()));
        return updated;
    }

    /** Counted from the cells themselves: version → state name → cells (states with cells only). */
    Map<String, Map<String, Integer>> cellCountsByVersionAndState() {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        query("select version, state, count(*) from cells group by version, state", null, rs -> counts.computeIfAbsent(
                        rs.getString(1), v -> new TreeMap<>())
                .put(CellState.fromCode(rs.getInt(2)).name(), rs.getInt(3)));
        return counts;
    }

    /** The rollout's runs, by tenant id. */
    Map<String, Run> runs(UUID rollout) {
        Map<String, Run> runs = new TreeMap<>();
        query("select tenant_id, state, finished_at, message, sends from runs where rollout_id = ?", rollout, rs -> {
            var finished = rs.getTimestamp(3);
            runs.put(
                    rs.getString(1),
                    new Run(
                            rs.getString(1),
                            RunState.fromCode(rs.getInt(2)),
                            finished == null ? null : finished.toInstant(),
                            rs.getString(4),
                            rs.getInt(5)));
        });
        return runs;
    }

    /** Every row of {@code sql}, each as its columns' text (null for SQL null), in the query's order. */
    List<List<String>> rows(String sql) {
        List<List<String>> rows = new ArrayList<>();
        query(sql, null, rs -> {
            List<String> row = new ArrayList<>();
            for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                row.add(rs.getString(column));
            }
            rows.add(row);
        });
        return rows;
    }

    /** A digest of every row of {@code table}: equal digests, equal contents. */
    String digest(String table) {
        List<String> found = new ArrayList<>();
        query(
                "select coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from " + table + " t",
                null,
                rs -> found.add(rs.getString(1)));
        return found.getFirst();
    }

    /**
     * Runs {@code sql} with the triggers switched off ({@code session_replication_role = replica}, which
     * only a superuser may set): what someone with the database's own rights could do behind the
     * coordinator's back.
     */
    void asSuperuser(String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password);
                var s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code sql} as the coordinator's own user, triggers on; the database's error when it refuses. */
    SQLException refusedAsCoordinator(String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password);
                var s = c.createStatement()) {
            s.execute(sql);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private long single(String sql) {
        List<Long> result = new ArrayList<>();
        query(sql, null, rs -> result.add(rs.getLong(1)));
        return result.getFirst();
    }

    private long count(String sql, Object arg) {
        List<Long> result = new ArrayList<>();
        query(sql, arg, rs -> result.add(rs.getLong(1)));
        return result.getFirst();
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Object arg, RowHandler handler) {
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement s = c.prepareStatement(sql)) {
            if (arg != null) {
                s.setObject(1, arg);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed: " + e.getMessage(), e);
        }
    }
}
