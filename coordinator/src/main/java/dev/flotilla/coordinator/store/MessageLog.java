package dev.flotilla.coordinator.store;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    /** Records the ids inside the caller's transaction; returns those not recorded before. */
    public static Set<UUID> firstTimes(SqlClient tx, List<UUID> messageIds, Instant at) {
        Set<UUID> fresh = new HashSet<>();
        for (Row row : Db.query(
                tx,
                "insert into processed_messages (message_id, processed_at)"
                        + " select id, $2 from unnest($1::uuid[]) as id on conflict do nothing returning message_id",
                Tuple.of(messageIds.toArray(UUID[]::new), Times.utc(at)))) {
            fresh.add(row.getUUID(0));
        }
        return fresh;
    }
}
