package dev.flotilla.coordinator.store;

import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/** Remembers folded message ids, so a redelivered or replayed event is folded once. */
public final class MessageLog {

    private MessageLog() {}

    /** Records the id inside the caller's transaction; false when it was already recorded. */
    public static boolean firstTime(SqlClient tx, UUID messageId, Instant at) {
        return Db.query(
                                tx,
                                "insert into processed_messages (message_id, processed_at) values ($1, $2)"
                                        + " on conflict do nothing",
                                Tuple.of(messageId, Times.utc(at)))
                        .rowCount()
                > 0;
    }
}
