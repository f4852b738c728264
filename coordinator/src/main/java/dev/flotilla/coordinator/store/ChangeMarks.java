package dev.flotilla.coordinator.store;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Marks that move whenever what the dashboard shows changes, read in one cheap statement (indexed
 * maxima and small tables, never the cells), so that a page is told to refresh only when something
 * happened: an event folded (every event is recorded in {@code processed_messages}), an operator's
 * action, a rollout started or ended, a wave started or done, a message set aside; and, apart, an
 * agent's heartbeat.
 */
@ApplicationScoped
public class ChangeMarks {

    /**
     * @param fleet moves with the matrix, rollouts, waves, actions and dead letters
     * @param agents moves with every heartbeat
     */
    public record Marks(String fleet, String agents) {}

    private static final String SQL = "select concat_ws('/',"
            + " (select max(processed_at) from processed_messages),"
            + " (select max(seq) from rollout_actions),"
            + " (select max(created_at) from rollouts),"
            + " (select max(finished_at) from rollouts),"
            + " (select count(started_at) || '.' || count(done_at) || '.' || count(approved_at) from rollout_waves),"
            + " (select max(id) from dead_letters)),"
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
