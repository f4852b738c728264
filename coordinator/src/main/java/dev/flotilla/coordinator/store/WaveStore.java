package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.plan.WaveSpec;
import dev.flotilla.coordinator.rollout.Wave;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;

/** A rollout's waves and their gates' facts, inside the caller's transaction. */
public final class WaveStore {

    private WaveStore() {}

    /** Stores a new rollout's waves, none started yet: the wave engine starts the first one. */
    public static void insert(SqlClient tx, UUID rollout, List<WaveSpec> waves) {
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < waves.size(); i++) {
            WaveSpec wave = waves.get(i);
            rows.add(Tuple.from(new Object[] {
                rollout,
                i,
                wave.name(),
                wave.select(),
                wave.limit().isPresent() ? wave.limit().getAsInt() : null,
                wave.soak().toMillis(),
                wave.approval()
            }));
        }
        tx.preparedQuery("insert into rollout_waves (rollout_id, position, name, selector, tenant_limit, soak_ms,"
                        + " approval) values ($1, $2, $3, $4, $5, $6, $7)")
                .executeBatch(rows)
                .await()
                .indefinitely();
    }

    /** A wave's columns, of {@code rollout_waves w}, as {@link #wave} reads them. */
    static final String COLUMNS = "w.position, w.name, w.selector, w.tenant_limit, w.soak_ms, w.approval, w.started_at,"
            + " w.done_at, w.approved_by, w.approved_at, w.rollback_asked_at";

    public static List<Wave> waves(SqlClient client, UUID rollout) {
        List<Wave> waves = new ArrayList<>();
        for (Row row : Db.query(
                client,
                "select " + COLUMNS + " from rollout_waves w where w.rollout_id = $1 order by w.position",
                Tuple.of(rollout))) {
            waves.add(wave(row));
        }
        return waves;
    }

    /** The wave of a row holding {@link #COLUMNS}. */
    static Wave wave(Row row) {
        Integer limit = row.getInteger("tenant_limit");
        return new Wave(
                row.getInteger("position"),
                new WaveSpec(
                        row.getString("name"),
                        row.getString("selector"),
                        limit == null ? OptionalInt.empty() : OptionalInt.of(limit),
                        Duration.ofMillis(row.getLong("soak_ms")),
                        row.getBoolean("approval")),
                Times.instant(row.getOffsetDateTime("started_at")),
                Times.instant(row.getOffsetDateTime("done_at")),
                row.getString("approved_by"),
                Times.instant(row.getOffsetDateTime("approved_at")),
                Times.instant(row.getOffsetDateTime("rollback_asked_at")));
    }

    public static void started(SqlClient tx, UUID rollout, int position, Instant at) {
        Db.query(
                tx,
                "update rollout_waves set started_at = coalesce(started_at, $3) where rollout_id = $1 and position = $2",
                Tuple.of(rollout, position, Times.utc(at)));
    }

    /** Records when the wave was seen done, or forgets it (null) when a retried tenant reopens it. */
    public static void done(SqlClient tx, UUID rollout, int position, Instant at) {
        Db.query(
                tx,
                "update rollout_waves set done_at = $3 where rollout_id = $1 and position = $2",
                Tuple.of(rollout, position, Times.utc(at)));
    }

    public static void approved(SqlClient tx, UUID rollout, int position, String actor, Instant at) {
        Db.query(
                tx,
                "update rollout_waves set approved_by = $3, approved_at = $4 where rollout_id = $1 and position = $2",
                Tuple.of(rollout, position, actor, Times.utc(at)));
    }

    /** Records that the wave's breach asked for its automatic rollback, so it is asked only once. */
    public static void rollbackAsked(SqlClient tx, UUID rollout, int position, Instant at) {
        Db.query(
                tx,
                "update rollout_waves set rollback_asked_at = $3 where rollout_id = $1 and position = $2",
                Tuple.of(rollout, position, Times.utc(at)));
    }
}
