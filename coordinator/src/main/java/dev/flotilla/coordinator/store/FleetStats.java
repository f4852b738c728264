package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.coordinator.rollout.Wave;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The fleet in numbers, for the metrics: aggregate statements whose cost does not grow with the
 * tenants. Cells are counted from the counts the database keeps with every cell change
 * ({@code cell_counts}, V3), never from the cells; the other tables hold a row per rollout, wave,
 * message waiting to be sent or set aside.
 */
@ApplicationScoped
public class FleetStats {

    /** How many cells of a migration are in a state; a pair once seen stays, at 0 when emptied. */
    public record CellCount(String version, CellState state, long cells) {}

    /** The outbox: rows waiting for the broker, and how long ago the oldest was written (zero when none). */
    public record Backlog(long rows, Duration oldest) {}

    /** A running rollout with its waves, for its approval gate. */
    public record RunningRollout(UUID id, int currentWave, Instant createdAt, List<Wave> waves) {}

    private final Db db;

    public FleetStats(Db db) {
        this.db = db;
    }

    /** How many rollouts are in each state; states with none are absent. */
    public Map<RolloutState, Long> rolloutsByState() {
        Map<RolloutState, Long> counts = new EnumMap<>(RolloutState.class);
        for (Row row : db.query("select state, count(*) from rollouts group by state", Tuple.tuple())) {
            counts.merge(RolloutState.fromCode(row.getInteger(0)), row.getLong(1), Long::sum);
        }
        return counts;
    }

    public List<CellCount> cells() {
        List<CellCount> counts = new ArrayList<>();
        for (Row row :
                db.query("select version, state, cells from cell_counts order by version, state", Tuple.tuple())) {
            counts.add(new CellCount(row.getString(0), CellState.fromCode(row.getInteger(1)), row.getLong(2)));
        }
        return counts;
    }

    public Backlog outbox() {
        Row row = db.query(
                        "select count(*), coalesce((extract(epoch from now() - min(created_at)) * 1000)::bigint, 0)"
                                + " from outbox",
                        Tuple.tuple())
                .iterator()
                .next();
        return new Backlog(row.getLong(0), Duration.ofMillis(Math.max(0, row.getLong(1))));
    }

    /** How many dead letters are kept, by who set them aside ({@code coordinator}, {@code agent}). */
    public Map<String, Long> deadLettersBySetAsideBy() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Row row : db.query(
                "select set_aside_by, count(*) from dead_letters group by set_aside_by order by set_aside_by",
                Tuple.tuple())) {
            counts.put(row.getString(0), row.getLong(1));
        }
        return counts;
    }

    /** The running rollouts, by id, each with its waves in order. */
    public List<RunningRollout> running() {
        Map<UUID, RunningRollout> running = new LinkedHashMap<>();
        for (Row row : db.query(
                "select r.rollout_id, r.current_wave, r.created_at, " + WaveStore.COLUMNS
                        + " from rollouts r join rollout_waves w on w.rollout_id = r.rollout_id where r.state = $1"
                        + " order by r.rollout_id, w.position",
                Tuple.of(RolloutState.RUNNING.code()))) {
            running.computeIfAbsent(
                            row.getUUID("rollout_id"),
                            id -> new RunningRollout(
                                    id,
                                    row.getInteger("current_wave"),
                                    Times.instant(row.getOffsetDateTime("created_at")),
                                    new ArrayList<>()))
                    .waves()
                    .add(WaveStore.wave(row));
        }
        return List.copyOf(running.values());
    }
}
