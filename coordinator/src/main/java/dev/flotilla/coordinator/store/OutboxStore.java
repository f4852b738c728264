package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.store.RunStore.PendingRun;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.model.wire.WireCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The outbox: messages written with the state that needs them, published later by the relay. */
@ApplicationScoped
public class OutboxStore {

    /** One message waiting to be published. */
    public record Pending(long seq, String topic, String key, byte[] payload) {}

    /** Adds a message inside the caller's transaction. */
    public void append(SqlClient tx, String topic, String key, Envelope<?> envelope) {
        Db.query(
                tx,
                "insert into outbox (topic, msg_key, payload, created_at) values ($1, $2, $3, $4)",
                Tuple.of(topic, key, Buffer.buffer(WireCodec.encode(envelope)), Times.utc(envelope.at())));
    }

    /**
     * Adds the command that sends one tenant's run to its site, inside the caller's transaction.
     *
     * @param actor who started the rollout, for the tenant's history; nullable
     */
    public void appendRun(
            SqlClient tx, UUID rollout, String planId, Direction direction, PendingRun run, String actor, Instant at) {
        RunTenant command = new RunTenant(run.id(), planId, direction, run.steps(), actor);
        append(tx, Topics.commands(run.site()), run.tenant(), Envelope.of(run.tenant(), rollout, at, command));
    }

    /** The oldest pending messages, in the order they were written. */
    public static List<Pending> oldest(SqlClient client, int limit) {
        List<Pending> pending = new ArrayList<>();
        for (Row row : Db.query(
                client, "select seq, topic, msg_key, payload from outbox order by seq limit $1", Tuple.of(limit))) {
            pending.add(new Pending(
                    row.getLong("seq"),
                    row.getString("topic"),
                    row.getString("msg_key"),
                    row.getBuffer("payload").getBytes()));
        }
        return pending;
    }

    /**
     * Removes the rows the relay is done with, in one transaction on the relay's connection: {@code done}
     * (sent, or refused by the broker) leave the outbox, and the refused ones become dead letters.
     */
    public static void settle(SqlConnection connection, List<Long> done, List<DeadLetters.Unsent> refused) {
        if (done.isEmpty()) {
            return;
        }
        Db.inTransaction(connection, tx -> {
            DeadLetters.addUnsent(tx, refused);
            Db.query(tx, "delete from outbox where seq = any($1)", Tuple.of(done.toArray(Long[]::new)));
            return null;
        });
    }
}
