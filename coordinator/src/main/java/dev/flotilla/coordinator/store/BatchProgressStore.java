package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.rollout.BatchProgress;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.model.wire.StepProgress;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** {@code batch_progress}: how far each run's batched step got, as its agent last reported. */
public final class BatchProgressStore {

    private BatchProgressStore() {}

    /** Keeps the latest report of each run; reports of runs the coordinator does not know are dropped. */
    public static void record(SqlClient tx, Collection<StepProgress> reports, Instant at) {
        if (reports.isEmpty()) {
            return;
        }
        List<StepProgress> list = List.copyOf(reports);
        Db.query(
                tx,
                "insert into batch_progress (run_id, version, rows_done, rows_total, rows_per_second, eta_seconds,"
                        + " cursor_key, reported_at) select u.*, $8 from unnest($1::uuid[], $2::text[],"
                        + " $3::bigint[], $4::bigint[], $5::float8[], $6::bigint[], $7::text[])"
                        + " as u(run_id, version, rows_done, rows_total, rate, eta, cursor_key)"
                        + " where exists (select 1 from runs r where r.run_id = u.run_id)"
                        + " on conflict (run_id) do update set version = excluded.version,"
                        + " rows_done = excluded.rows_done, rows_total = excluded.rows_total,"
                        + " rows_per_second = excluded.rows_per_second, eta_seconds = excluded.eta_seconds,"
                        + " cursor_key = excluded.cursor_key, reported_at = excluded.reported_at",
                Tuple.from(new Object[] {
                    list.stream().map(StepProgress::runId).toArray(UUID[]::new),
                    list.stream().map(p -> p.version().text()).toArray(String[]::new),
                    list.stream().map(StepProgress::rowsDone).toArray(Long[]::new),
                    list.stream().map(StepProgress::rowsTotal).toArray(Long[]::new),
                    list.stream().map(StepProgress::rowsPerSecond).toArray(Double[]::new),
                    list.stream().map(StepProgress::etaSeconds).toArray(Long[]::new),
                    list.stream().map(StepProgress::cursor).toArray(String[]::new),
                    Times.utc(at)
                }));
    }

    /** The batched steps of the rollout's unfinished runs, by tenant. */
    public static List<BatchProgress> running(SqlClient client, UUID rollout) {
        List<BatchProgress> running = new ArrayList<>();
        for (Row row : Db.query(
                client,
                "select r.tenant_id, p.version, p.rows_done, p.rows_total, p.rows_per_second, p.eta_seconds,"
                        + " p.reported_at from batch_progress p join runs r on r.run_id = p.run_id"
                        + " where r.rollout_id = $1 and r.state = any($2) order by r.tenant_id",
                Tuple.of(rollout, new Integer[] {RunState.DISPATCHED.code(), RunState.RUNNING.code()}))) {
            running.add(new BatchProgress(
                    row.getString(0),
                    row.getString(1),
                    row.getLong(2),
                    row.getLong(3),
                    row.getDouble(4),
                    row.getLong(5),
                    row.getOffsetDateTime(6).toInstant()));
        }
        return running;
    }
}
