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
        return deleteOlder("processed_messages", "message_id", "processed_at", before, limit);
    }

    /** Deletes up to {@code limit} dead letters set aside before {@code before}; returns how many. */
    public int deleteDeadLettersBefore(Instant before, int limit) {
        return deleteOlder("dead_letters", "id", "received_at", before, limit);
    }

    /**
     * Deletes up to {@code limit} notifications created before {@code before} that are done with (delivered
     * or given up; those still being tried stay); returns how many.
     */
    public int deleteNotificationsBefore(Instant before, int limit) {
        return deleteOlder("notifications", "id", "created_at", "next_attempt_at is null and ", before, limit);
    }

    private int deleteOlder(String table, String key, String stamp, Instant before, int limit) {
        return deleteOlder(table, key, stamp, "", before, limit);
    }

    /** The table, its key, its timestamp and the condition are this class's constants, never input. */
    private int deleteOlder(String table, String key, String stamp, String condition, Instant before, int limit) {
        return db.query(
                        "delete from " + table + " where " + key + " in (select " + key + " from " + table + " where "
                                + condition + stamp + " < $1 limit $2)",
                        Tuple.of(Times.utc(before), limit))
                .rowCount();
    }
}
