package dev.flotilla.coordinator.store;

import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Deletes bookkeeping that has outlived its use, at most {@code limit} rows per statement, each
 * statement its own transaction: a sweep never holds locks or builds a large transaction.
 */
@ApplicationScoped
public class RetentionStore {

    private final Db db;

    public RetentionStore(Db db) {
        this.db = db;
    }

    /** Forgets up to {@code limit} message ids recorded before {@code before}; returns how many. */
    public int deleteProcessedBefore(Instant before, int limit) {
        return db.query(
                        "delete from processed_messages where message_id in (select message_id from processed_messages"
                                + " where processed_at < $1 limit $2)",
                        Tuple.of(Times.utc(before), limit))
                .rowCount();
    }

    /** Deletes up to {@code limit} dead letters set aside before {@code before}; returns how many. */
    public int deleteDeadLettersBefore(Instant before, int limit) {
        return db.query(
                        "delete from dead_letters where id in (select id from dead_letters where received_at < $1"
                                + " limit $2)",
                        Tuple.of(Times.utc(before), limit))
                .rowCount();
    }
}
