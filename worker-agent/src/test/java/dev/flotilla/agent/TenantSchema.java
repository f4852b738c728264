package dev.flotilla.agent;

import dev.flotilla.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads one tenant schema over plain JDBC: its history table and its catalog, as an operator would. */
final class TenantSchema {

    /** One row of {@code flotilla_schema_history}. */
    record HistoryRow(String version, String name, String checksum, String direction, String state, String agentId) {}

    private final String database;
    private final String schema;

    TenantSchema(String database, String schema) {
        this.database = database;
        this.schema = schema;
    }

    /** The history rows in the order they were written; empty when the table does not exist. */
    List<HistoryRow> history() {
        if (!hasTable("flotilla_schema_history")) {
            return List.of();
        }
        List<HistoryRow> rows = new ArrayList<>();
        query(
                "select version, name, checksum, direction, state, agent_id from \"" + schema
                        + "\".flotilla_schema_history order by installed_rank",
                rs -> rows.add(new HistoryRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6))));
        return rows;
    }

    /** What a history row says of who wrote it and why. */
    record Audit(String version, String direction, String state, String kind, String actor, String reason) {}

    List<Audit> audit() {
        List<Audit> rows = new ArrayList<>();
        query(
                "select version, direction, state, kind, actor, reason from \"" + schema
                        + "\".flotilla_schema_history order by installed_rank",
                rs -> rows.add(new Audit(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6))));
        return rows;
    }

    /** Runs a statement in the tenant's schema, as an operator fixing data by hand would. */
    void execute(String sql) {
        try (Connection c = TestPostgres.server().connect(database);
                java.sql.Statement s = c.createStatement()) {
            s.execute("set search_path to \"" + schema + "\"; " + sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single number a query in the tenant's schema answers, such as a count. */
    long count(String sql) {
        return Long.parseLong(text(sql));
    }

    /** The single value a query in the tenant's schema answers, as text. */
    String text(String sql) {
        try (Connection c = TestPostgres.server().connect(database);
                java.sql.Statement s = c.createStatement()) {
            s.execute("set search_path to \"" + schema + "\"");
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the index exists, valid or not. */
    boolean hasIndex(String index) {
        return exists(
                "select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " where n.nspname = ? and c.relname = ? and c.relkind = 'i'",
                index);
    }

    /** Each history row's version, the transaction that wrote it, and its recorded duration, in order. */
    record Written(String version, long transaction, long durationMs) {}

    List<Written> written() {
        List<Written> rows = new ArrayList<>();
        query(
                "select version, xmin::text::bigint, duration_ms from \"" + schema
                        + "\".flotilla_schema_history order by installed_rank",
                rs -> rows.add(new Written(rs.getString(1), rs.getLong(2), rs.getLong(3))));
        return rows;
    }

    boolean hasTable(String table) {
        return exists("select 1 from information_schema.tables where table_schema = ? and table_name = ?", table);
    }

    /** True when the index exists and is valid (a failed concurrent build leaves an invalid one). */
    boolean hasValidIndex(String index) {
        return exists(
                "select 1 from pg_index i join pg_class c on c.oid = i.indexrelid"
                        + " join pg_namespace n on n.oid = c.relnamespace"
                        + " where n.nspname = ? and c.relname = ? and i.indisvalid",
                index);
    }

    /** The indexes on a table of the schema, by name: true when valid. */
    Map<String, Boolean> indexesOn(String table) {
        Map<String, Boolean> indexes = new TreeMap<>();
        try (Connection c = TestPostgres.server().connect(database);
                PreparedStatement s = c.prepareStatement("select c.relname, i.indisvalid from pg_index i"
                        + " join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid"
                        + " join pg_namespace n on n.oid = t.relnamespace where n.nspname = ? and t.relname = ?")) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    indexes.put(rs.getString(1), rs.getBoolean(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return indexes;
    }

    private boolean exists(String sql, String name) {
        try (Connection c = TestPostgres.server().connect(database);
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, schema);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowReader reader) {
        try (Connection c = TestPostgres.server().connect(database);
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
