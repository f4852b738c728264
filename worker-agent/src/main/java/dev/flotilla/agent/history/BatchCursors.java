package dev.flotilla.agent.history;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code flotilla_batch_cursor} in one tenant, next to its history table: where each batched step that
 * has not finished stopped. A batch and its cursor commit in one transaction, so after a crash the
 * cursor says exactly which keys are done; the step's last transaction deletes the row and writes its
 * history row. Calls block and must run on a worker thread.
 */
public final class BatchCursors {

    public static final String TABLE = "flotilla_batch_cursor";

    private final String qualified;

    /** @param schema the tenant's history schema, allow-listed here and quoted in every statement */
    public BatchCursors(String schema) {
        this.qualified = '"' + HistoryTable.checked(schema) + "\"." + TABLE;
    }

    /**
     * How far an unfinished batched step got.
     *
     * @param checksum the checksum of the script whose batches are committed
     * @param cursor the last key a committed batch covered, as text
     * @param rowsDone keys covered by the committed batches
     */
    public record Cursor(String checksum, String cursor, long rowsDone) {}

    public void ensure(SqlClient client) {
        client.query("create table if not exists " + qualified + " ("
                        + "version text not null, "
                        + "direction text not null check (direction in ('up', 'down')), "
                        + "checksum text not null, "
                        + "cursor text not null, "
                        + "rows_done bigint not null, "
                        + "batches bigint not null, "
                        + "started_at timestamptz not null default now(), "
                        + "updated_at timestamptz not null default now(), "
                        + "run_id uuid, "
                        + "agent_id text not null, "
                        + "primary key (version, direction))")
                .execute()
                .await()
                .indefinitely();
    }

    /** The cursor of the step, empty when it has none (not started, or finished). */
    public Optional<Cursor> find(SqlClient client, String version, String direction) {
        RowSet<Row> rows = client.preparedQuery("select checksum, cursor, rows_done from " + qualified
                        + " where version = $1 and direction = $2")
                .execute(Tuple.of(version, direction))
                .await()
                .indefinitely();
        if (rows.rowCount() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new Cursor(row.getString(0), row.getString(1), row.getLong(2)));
    }

    /** Moves the step's cursor; call inside the batch's transaction. */
    public void advance(SqlClient client, String version, String direction, Cursor cursor, UUID runId, String agentId) {
        client.preparedQuery("insert into " + qualified
                        + " as c (version, direction, checksum, cursor, rows_done, batches, run_id, agent_id)"
                        + " values ($1, $2, $3, $4, $5, 1, $6, $7) on conflict (version, direction) do update set"
                        + " cursor = excluded.cursor, rows_done = excluded.rows_done, batches = c.batches + 1,"
                        + " run_id = excluded.run_id, agent_id = excluded.agent_id, updated_at = now()")
                .execute(Tuple.from(new Object[] {
                    version, direction, cursor.checksum(), cursor.cursor(), cursor.rowsDone(), runId, agentId
                }))
                .await()
                .indefinitely();
    }

    /**
     * SQL for the step's last transaction: marks the step as begun when its first batch began (for the
     * history row's duration, see {@link HistoryTable#STEP_START}) and deletes the cursor.
     */
    public String finishSql(String version, String direction) {
        String where = " where version = " + HistoryTable.literal(version) + " and direction = "
                + HistoryTable.literal(direction);
        return "select set_config('" + HistoryTable.STEP_START + "', coalesce((select started_at from " + qualified
                + where + "), clock_timestamp())::text, true);\ndelete from " + qualified + where;
    }
}
