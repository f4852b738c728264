package dev.flotilla.coordinator.store;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Events set aside because they can never be folded, kept whole for an operator. A dead letter with a
 * message id is also recorded as processed, so a replay of the topic does not set it aside twice.
 */
@ApplicationScoped
public class DeadLetters {

    /** A dead letter as listed; {@code messageId}, {@code type} and {@code tenant} are null when unreadable. */
    public record DeadLetter(long id, UUID messageId, String type, String tenant, String reason, Instant receivedAt) {}

    private final Db db;

    public DeadLetters(Db db) {
        this.db = db;
    }

    public void add(UUID messageId, String type, String tenant, byte[] payload, String reason, Instant at) {
        db.inTransaction(tx -> {
            if (messageId != null && !MessageLog.firstTime(tx, messageId, at)) {
                return null;
            }
            Db.query(
                    tx,
                    "insert into dead_letters (message_id, type, tenant_id, payload, reason, received_at)"
                            + " values ($1, $2, $3, $4, $5, $6)",
                    Tuple.from(new Object[] {messageId, type, tenant, Buffer.buffer(payload), reason, Times.utc(at)}));
            return null;
        });
    }

    /** The most recent dead letters, newest first. */
    public List<DeadLetter> recent(int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        for (Row row : db.query(
                "select id, message_id, type, tenant_id, reason, received_at from dead_letters"
                        + " order by id desc limit $1",
                Tuple.of(limit))) {
            letters.add(new DeadLetter(
                    row.getLong("id"),
                    row.getUUID("message_id"),
                    row.getString("type"),
                    row.getString("tenant_id"),
                    row.getString("reason"),
                    Times.instant(row.getOffsetDateTime("received_at"))));
        }
        return letters;
    }
}
