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
 * Messages set aside, kept whole for an operator: events that can never be folded, and outbox rows the
 * broker can never take ({@link #addUnsent}). A dead event with a message id is also recorded as
 * processed, so a replay of the topic does not set it aside twice. When the event was about a known
 * tenant, the tenant's inventory is requested in the same transaction: the lost event's effect on the
 * matrix comes back from the tenant's history table.
 */
@ApplicationScoped
public class DeadLetters {

    /**
     * A dead letter as listed; {@code messageId}, {@code type} and {@code tenant} are null when unreadable.
     *
     * @param topic the topic the message came from, or was going to when {@code outgoing}
     * @param outgoing true for an outbox row the broker never took, false for an event received
     */
    public record DeadLetter(
            long id,
            UUID messageId,
            String type,
            String tenant,
            String topic,
            boolean outgoing,
            String reason,
            Instant receivedAt) {}

    /** An outbox row the broker can never take; {@code messageId}, {@code type} and {@code tenant} null when unreadable. */
    public record Unsent(String topic, UUID messageId, String type, String tenant, byte[] payload, String reason) {}

    private final Db db;
    private final OutboxStore outbox;
    private final DatabaseClock time;

    public DeadLetters(Db db, OutboxStore outbox, DatabaseClock time) {
        this.db = db;
        this.outbox = outbox;
        this.time = time;
    }

    /**
     * Keeps the event; true when an inventory of its tenant was requested.
     *
     * @param payload the record's value as received; null for a tombstone, kept as no bytes
     */
    public boolean add(UUID messageId, String type, String tenant, byte[] payload, String reason) {
        return db.inTransaction(tx -> {
            Instant at = time.now(tx);
            if (messageId != null && !MessageLog.firstTime(tx, messageId, at)) {
                return false;
            }
            Db.query(
                    tx,
                    "insert into dead_letters (message_id, type, tenant_id, topic, payload, reason, received_at)"
                            + " values ($1, $2, $3, $4, $5, $6, $7)",
                    Tuple.from(new Object[] {
                        messageId,
                        type,
                        tenant,
                        Topics.EVENTS,
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

    /**
     * Keeps outbox rows the broker can never take, inside the caller's transaction (the one that deletes
     * them from the outbox). No inventory is requested and no message id recorded: the message was the
     * coordinator's own. A lost command comes back by itself: a run whose command never arrived goes
     * quiet and is sent again (and fails after {@code flotilla.runs.max-sends}).
     */
    public static void addUnsent(SqlClient tx, List<Unsent> letters) {
        if (letters.isEmpty()) {
            return;
        }
        List<Tuple> rows = new ArrayList<>();
        for (Unsent letter : letters) {
            rows.add(Tuple.from(new Object[] {
                letter.messageId(),
                letter.type(),
                letter.tenant(),
                letter.topic(),
                Buffer.buffer(letter.payload()),
                letter.reason()
            }));
        }
        tx.preparedQuery("insert into dead_letters (message_id, type, tenant_id, topic, outgoing, payload, reason,"
                        + " received_at) values ($1, $2, $3, $4, true, $5, $6, now())")
                .executeBatch(rows)
                .await()
                .indefinitely();
    }

    /** The most recent dead letters, newest first. */
    public List<DeadLetter> recent(int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        for (Row row : db.query(
                "select id, message_id, type, tenant_id, topic, outgoing, reason, received_at from dead_letters"
                        + " order by id desc limit $1",
                Tuple.of(limit))) {
            letters.add(new DeadLetter(
                    row.getLong("id"),
                    row.getUUID("message_id"),
                    row.getString("type"),
                    row.getString("tenant_id"),
                    row.getString("topic"),
                    row.getBoolean("outgoing"),
                    row.getString("reason"),
                    Times.instant(row.getOffsetDateTime("received_at"))));
        }
        return letters;
    }
}
