package dev.flotilla.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tenant schema's shape as PostgreSQL's catalogs show it: tables, columns with their types and
 * defaults, indexes with their validity, and constraints. Names of the schema itself are left out,
 * so shapes compare across tenants and against a snapshot taken before a rollout.
 */
final class SchemaShape {

    private SchemaShape() {}

    static Set<String> of(Connection c, String schema) throws SQLException {
        Set<String> shape = new TreeSet<>();
        query(c, "select 'table ' || table_name from information_schema.tables where table_schema = ?", schema, shape);
        query(
                c,
                "select 'column ' || table_name || '.' || column_name || ' ' || data_type"
                        + " from information_schema.columns where table_schema = ?",
                schema,
                shape);
        query(c, "select 'index ' || indexname from pg_indexes where schemaname = ?", schema, shape);
        query(
                c,
                "select 'default ' || table_name || '.' || column_name || ' ' || column_default"
                        + " from information_schema.columns where table_schema = ? and column_default is not null",
                schema,
                shape);
        query(
                c,
                "select 'constraint ' || t.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)"
                        + " from pg_constraint k join pg_class t on t.oid = k.conrelid"
                        + " join pg_namespace n on n.oid = t.relnamespace where n.nspname = ?",
                schema,
                shape);
        query(
                c,
                "select 'valid ' || i.relname || ' ' || x.indisvalid from pg_index x join pg_class i on i.oid ="
                        + " x.indexrelid join pg_namespace n on n.oid = i.relnamespace where n.nspname = ?",
                schema,
                shape);
        shape.addAll(shape.stream()
                .filter(s -> s.startsWith("column "))
                .map(s -> s.substring(0, s.lastIndexOf(' ')))
                .toList());
        return shape;
    }

    private static void query(Connection c, String sql, String schema, Set<String> into) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    // Defaults and foreign keys name their schema; the shape is compared across tenants.
                    into.add(rs.getString(1).replace("\"" + schema + "\".", "").replace(schema + ".", ""));
                }
            }
        }
    }
}
