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
 * Messages set aside, kept whole for an operator: events that can never be folded, outbox rows the
 * broker can never take ({@link #addUnsent}), and commands an agent could not carry out ({@link
 * #addReported}). A dead event with a message id is also recorded as
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
     * @param outgoing true for an outbox row the broker never took, false for a message received
     * @param setAsideBy {@code coordinator}, or {@code agent} for a command an agent could not carry out
     */
    public record DeadLetter(
            long id,
            UUID messageId,
            String type,
            String tenant,
            String topic,
            boolean outgoing,
            String setAsideBy,
            String reason,
            Instant receivedAt) {}

    /**
     * A command an agent set aside on {@code flotilla.dead-letters}; {@code messageId}, {@code type} and
     * {@code tenant} null when unreadable.
     *
     * @param key names the set-aside message by its origin, so it is kept once however often it comes
     * @param topic the topic the agent read it from
     * @param payload the command's bytes as the agent received them; null for a record with no value
     */
    public record Reported(
            UUID key, String topic, UUID messageId, String type, String tenant, byte[] payload, String reason) {}

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

    /** Keeps a command an agent set aside, once per {@link Reported#key}; true when it was new. */
    public boolean addReported(Reported letter) {
        return db.inTransaction(tx -> {
            Instant at = time.now(tx);
            if (!MessageLog.firstTime(tx, letter.key(), at)) {
                return false;
            }
            Db.query(
                    tx,
                    "insert into dead_letters (message_id, type, tenant_id, topic, payload, reason, received_at,"
                            + " set_aside_by) values ($1, $2, $3, $4, $5, $6, $7, 'agent')",
                    Tuple.from(new Object[] {
                        letter.messageId(),
                        letter.type(),
                        letter.tenant(),
                        letter.topic(),
                        Buffer.buffer(letter.payload() == null ? new byte[0] : letter.payload()),
                        letter.reason(),
                        Times.utc(at)
                    }));
            return true;
        });
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

    /** The most recent dead letters, newest first; only those {@code setAsideBy} one side unless null. */
    public List<DeadLetter> recent(int limit, String setAsideBy) {
        List<DeadLetter> letters = new ArrayList<>();
        for (Row row : db.query(
                "select id, message_id, type, tenant_id, topic, outgoing, set_aside_by, reason, received_at"
                        + " from dead_letters where $2::text is null or set_aside_by = $2 order by id desc limit $1",
                Tuple.of(limit, setAsideBy))) {
            letters.add(new DeadLetter(
                    row.getLong("id"),
                    row.getUUID("message_id"),
                    row.getString("type"),
                    row.getString("tenant_id"),
                    row.getString("topic"),
                    row.getBoolean("outgoing"),
                    row.getString("set_aside_by"),
                    row.getString("reason"),
                    Times.instant(row.getOffsetDateTime("received_at"))));
        }
        return letters;
    }
}
