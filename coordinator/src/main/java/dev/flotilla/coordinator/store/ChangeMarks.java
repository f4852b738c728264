package dev.flotilla.coordinator.store;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Marks that move whenever what the dashboard shows changes, read in one statement (never over the
 * cells; over the runs of open rollouts only, by an index), so that a page is told to refresh only
 * when something happened.
 * The fleet mark is a digest of contents, not of times or sequence numbers, so a transaction that
 * commits after a later one cannot slip past it: the per-state cell counts (V3), the open rollouts
 * (state, wave, why and until when they wait), their waves, their runs by state, their audit trail and
 * their batched steps' progress, how many rollouts and tenants there are, and the newest dead letter. The agents' mark
 * moves with every heartbeat.
 */
@ApplicationScoped
public class ChangeMarks {

    /**
     * @param fleet moves with the matrix, rollouts, waves, actions and dead letters
     * @param agents moves with every heartbeat
     */
    public record Marks(String fleet, String agents) {}

    private static final String SQL = "select md5(concat_ws('|',"
            + " (select string_agg(version || ':' || state || ':' || cells, ',' order by version, state)"
            + " from cell_counts),"
            + " (select string_agg(concat_ws(':', rollout_id, state, current_wave, reason, wake_at), ','"
            + " order by rollout_id) from rollouts where finished_at is null),"
            + " (select string_agg(concat_ws(':', w.rollout_id, w.position, w.started_at, w.done_at, w.approved_at),"
            + " ',' order by w.rollout_id, w.position) from rollout_waves w join rollouts r using (rollout_id)"
            + " where r.finished_at is null),"
            + " (select count(*) from rollout_actions a join rollouts r using (rollout_id) where r.finished_at is null),"
            + " (select max(seq) from rollout_actions),"
            + " (select string_agg(concat_ws(':', rollout_id, state, n), ',' order by rollout_id, state) from"
            + " (select u.rollout_id, u.state, count(*) as n from runs u join rollouts r using (rollout_id)"
            + " where r.finished_at is null group by u.rollout_id, u.state) x),"
            + " (select sum(rows_done) from batch_progress),"
            + " (select count(*) from rollouts),"
            + " (select count(*) from tenants),"
            + " (select max(id) from dead_letters))),"
            + " concat_ws('/', (select max(last_seen) from agents), (select count(*) from agents))";
    private final Db db;

    public ChangeMarks(Db db) {
        this.db = db;
    }

    public Marks read() {
        Row row = db.query(SQL, Tuple.tuple()).iterator().next();
        return new Marks(row.getString(0), row.getString(1));
    }
}
