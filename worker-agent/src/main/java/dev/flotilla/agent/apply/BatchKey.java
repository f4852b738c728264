package dev.flotilla.agent.apply;

import dev.flotilla.model.catalog.BatchSpec;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Map;
import java.util.Optional;

/**
 * The key column a batched step walks, as the tenant's catalog describes it: one column with a valid,
 * non-partial unique index, of an integer or text type. Keys travel as text and are cast back to
 * the column's type in every statement, so one code path serves every key type and values are always
 * bound, never spliced into SQL.
 *
 * @param sqlType the column's type, one of {@link #TYPES}
 */
record BatchKey(BatchSpec spec, String sqlType) {

    /** Key types by their pg_type oid. */
    private static final Map<Long, String> TYPES =
            Map.of(21L, "smallint", 23L, "integer", 20L, "bigint", 25L, "text", 1043L, "varchar");

    /** The key of {@code spec}'s table, or why it cannot be walked. */
    static Result resolve(SqlClient client, BatchSpec spec) {
        RowSet<Row> rows = client.preparedQuery("select a.atttypid::bigint, exists (select 1 from pg_index i"
                        + " where i.indrelid = a.attrelid and i.indisunique and i.indisvalid and i.indpred is null"
                        + " and i.indnkeyatts = 1 and i.indkey[0] = a.attnum)"
                        + " from pg_attribute a where a.attrelid = to_regclass($1) and a.attname = $2"
                        + " and not a.attisdropped")
                .execute(Tuple.of(spec.quotedTable(), spec.key()))
                .await()
                .indefinitely();
        if (rows.rowCount() == 0) {
            return new Result.Refused("batch key " + spec.describe() + " does not exist in this tenant");
        }
        Row row = rows.iterator().next();
        String type = TYPES.get(row.getLong(0));
        if (type == null) {
            return new Result.Refused(
                    "batch key " + spec.describe() + " must be of type smallint, integer, bigint, text or varchar");
        }
        if (!row.getBoolean(1)) {
            return new Result.Refused("batch key " + spec.describe()
                    + " needs a unique index on that column alone (a primary key will do)");
        }
        return new Result.Found(new BatchKey(spec, type));
    }

    /** What {@link #resolve} found. */
    sealed interface Result {
        record Found(BatchKey key) implements Result {}

        record Refused(String message) implements Result {}
    }

    /** A bound text parameter as a value of the key's type. */
    String param(int position) {
        return "cast($" + position + "::text as " + sqlType + ")";
    }

    private boolean isText() {
        return sqlType.equals("text") || sqlType.equals("varchar");
    }

    /**
     * A value below every key, as text, for the first batch's {@code :lo}; empty when the table has no
     * rows. For integers it is the smallest key minus one; for text the empty string, so a table whose
     * keys include the empty string is refused rather than have that row skipped.
     */
    Optional<String> lowest(SqlClient client) {
        String sql = isText()
                ? "select case when exists (select 1 from " + spec.quotedTable() + " where " + spec.quotedKey()
                        + " = '') then null else '' end, exists (select 1 from " + spec.quotedTable() + ")"
                : "select (min(" + spec.quotedKey() + ")::numeric - 1)::text, count(*) > 0 from (select "
                        + spec.quotedKey() + " from " + spec.quotedTable() + " order by " + spec.quotedKey()
                        + " limit 1) k";
        Row row = client.query(sql).execute().await().indefinitely().iterator().next();
        if (!row.getBoolean(1)) {
            return Optional.empty();
        }
        if (row.getString(0) == null) {
            throw new IllegalStateException("batch key " + spec.describe()
                    + " holds the empty string, which no batch can start below; give that row another key");
        }
        return Optional.of(row.getString(0));
    }

    /**
     * The query for the next batch: its upper key and how many keys it covers, given {@code :lo} as
     * parameter 1; no row counted when no keys remain.
     */
    String nextBatchSql() {
        return "select max(k)::text, count(*) from (select " + spec.quotedKey() + " as k from " + spec.quotedTable()
                + " where " + spec.quotedKey() + " > " + param(1) + " order by " + spec.quotedKey() + " limit "
                + spec.size() + ") b";
    }

    /** The table's row count as its statistics estimate it; empty before the first analyze (or vacuum) of it. */
    Optional<Long> estimatedRows(SqlClient client) {
        Row row = client.preparedQuery("select reltuples::bigint from pg_class where oid = to_regclass($1)")
                .execute(Tuple.of(spec.quotedTable()))
                .await()
                .indefinitely()
                .iterator()
                .next();
        Long rows = row.getLong(0);
        return rows == null || rows <= 0 ? Optional.empty() : Optional.of(rows);
    }
}
