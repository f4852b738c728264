package dev.flotilla.coordinator.store;

import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.ReportInventory;
import dev.flotilla.model.wire.Topics;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Events set aside because they can never be folded, kept whole for an operator. A dead letter with a
 * message id is also recorded as processed, so a replay of the topic does not set it aside twice. When
 * the event was about a known tenant, the tenant's inventory is requested in the same transaction: the
 * lost event's effect on the matrix comes back from the tenant's history table.
 */
@ApplicationScoped
public class DeadLetters {

    /** A dead letter as listed; {@code messageId}, {@code type} and {@code tenant} are null when unreadable. */
    public record DeadLetter(long id, UUID messageId, String type, String tenant, String reason, Instant receivedAt) {}

    private final Db db;
    private final OutboxStore outbox;

    public DeadLetters(Db db, OutboxStore outbox) {
        this.db = db;
        this.outbox = outbox;
    }

    /**
     * Keeps the event; true when an inventory of its tenant was requested.
     *
     * @param payload the record's value as received; null for a tombstone, kept as no bytes
     */
    public boolean add(UUID messageId, String type, String tenant, byte[] payload, String reason, Instant at) {
        return db.inTransaction(tx -> {
            if (messageId != null && !MessageLog.firstTime(tx, messageId, at)) {
                return false;
            }
            Db.query(
                    tx,
                    "insert into dead_letters (message_id, type, tenant_id, payload, reason, received_at)"
                            + " values ($1, $2, $3, $4, $5, $6)",
                    Tuple.from(new Object[] {
                        messageId,
                        type,
                        tenant,
                        Buffer.buffer(payload == null ? new byte[0] : payload),
                        reason,
                        Times.utc(at)
                    }));
            return tenant != null && requestInventory(tx, tenant, at);
        });
    }

    private boolean requestInventory(SqlClient tx, String tenant, Instant at) {
        var site = Db.query(tx, "select site from tenants where tenant_id = $1", Tuple.of(tenant));
        if (site.rowCount() == 0) {
            return false;
        }
        outbox.append(
                tx,
                Topics.commands(site.iterator().next().getString(0)),
                tenant,
                Envelope.of(tenant, null, at, new ReportInventory("dead-letter")));
        return true;
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
