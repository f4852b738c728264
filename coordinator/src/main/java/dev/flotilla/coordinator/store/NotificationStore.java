package dev.flotilla.coordinator.store;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Notifications waiting for, or done with, their webhooks (V17): written in the transaction of the
 * change they tell of; claimed by a sender, a few of one webhook at a time, until {@code
 * claimed_until} (a coordinator that dies meanwhile leaves them to another once the claim lapses);
 * each attempt's outcome written only while the claim is still the sender's own.
 */
@ApplicationScoped
public class NotificationStore {

    /** A notification to write: for one webhook, what it tells of and its body. */
    public record NewNotification(
            String webhook, String kind, UUID rollout, String tenant, String onceKey, String body) {}

    /** A notification claimed for sending. */
    public record Due(long id, String body, int attempts) {}

    /**
     * A notification as the API lists it; {@code nextAttemptAt} is null once it was delivered or given
     * up (then {@code deliveredAt} is null too).
     */
    public record Sent(
            long id,
            String webhook,
            String kind,
            UUID rollout,
            String tenant,
            Instant createdAt,
            int attempts,
            Instant deliveredAt,
            Instant nextAttemptAt,
            Integer lastStatus,
            String lastError) {}

    private final Db db;

    public NotificationStore(Db db) {
        this.db = db;
    }

    /** Writes the notifications, due now, in one batch; one already written once ({@code onceKey}) is left out. */
    public static void add(SqlClient tx, List<NewNotification> notifications, Instant now) {
        if (notifications.isEmpty()) {
            return;
        }
        List<Tuple> rows = new ArrayList<>();
        for (NewNotification n : notifications) {
            rows.add(Tuple.from(
                    new Object[] {n.webhook(), n.kind(), n.rollout(), n.tenant(), n.onceKey(), n.body(), Times.utc(now)
                    }));
        }
        tx.preparedQuery("insert into notifications (webhook, kind, rollout_id, tenant_id, once_key, body,"
                        + " created_at, next_attempt_at) values ($1, $2, $3, $4, $5, $6, $7, $7)"
                        + " on conflict (webhook, once_key) do nothing")
                .executeBatch(rows)
                .await()
                .indefinitely();
    }

    /**
     * Up to {@code limit} of the webhook's notifications due at {@code now} and not claimed, claimed as
     * {@code claim} until {@code until}, oldest first: the order they are to be sent in.
     */
    public List<Due> claim(String webhook, Instant now, Instant until, int limit, UUID claim) {
        List<Due> due = new ArrayList<>();
        for (Row row : db.query(
                "update notifications n set claim_id = $4, claimed_until = $2 from (select id from notifications"
                        + " where webhook = $5 and next_attempt_at <= $1 and (claimed_until is null or claimed_until <= $1)"
                        + " order by next_attempt_at, id limit $3 for update skip locked) d"
                        + " where n.id = d.id returning n.id, n.body, n.attempts",
                Tuple.from(new Object[] {Times.utc(now), Times.utc(until), limit, claim, webhook}))) {
            due.add(new Due(row.getLong(0), row.getString(1), row.getInteger(2)));
        }
        due.sort(Comparator.comparingLong(Due::id));
        return due;
    }

    /** The webhook took it; false when the claim was no longer this sender's. */
    public boolean delivered(long id, UUID claim, int status, Instant at) {
        return db.query(
                                "update notifications set attempts = attempts + 1, delivered_at = $2, next_attempt_at = null,"
                                        + " last_status = $3, last_error = null, claim_id = null, claimed_until = null"
                                        + " where id = $1 and claim_id = $4",
                                Tuple.of(id, Times.utc(at), status, claim))
                        .rowCount()
                == 1;
    }

    /**
     * The webhook refused it or did not answer; due again at {@code retryAt}, or given up when it is
     * null. Nothing is written when the claim was no longer this sender's.
     *
     * @param status the HTTP status it answered; null when it did not answer
     */
    public void failed(long id, UUID claim, Integer status, String error, Instant retryAt) {
        db.query(
                "update notifications set attempts = attempts + 1, next_attempt_at = $2, last_status = $3,"
                        + " last_error = $4, claim_id = null, claimed_until = null where id = $1 and claim_id = $5",
                Tuple.from(new Object[] {id, retryAt == null ? null : Times.utc(retryAt), status, error, claim}));
    }

    /** Gives back claimed notifications not attempted, due no sooner than {@code dueAt} (the webhook backs off). */
    public void release(List<Long> ids, UUID claim, Instant dueAt) {
        if (ids.isEmpty()) {
            return;
        }
        db.query(
                "update notifications set next_attempt_at = greatest(next_attempt_at, $2), claim_id = null,"
                        + " claimed_until = null where id = any($1) and claim_id = $3",
                Tuple.of(ids.toArray(Long[]::new), Times.utc(dueAt), claim));
    }

    /**
     * Gives up the notifications of webhooks not among {@code known} created before {@code before} (a
     * coordinator that knows the webhook had that long to send them); returns how many.
     */
    public int giveUpUnknown(List<String> known, Instant before) {
        return db.query(
                        "update notifications set next_attempt_at = null,"
                                + " last_error = 'no webhook of this name is configured' where next_attempt_at is not null"
                                + " and webhook <> all($1) and created_at < $2",
                        Tuple.of(known.toArray(String[]::new), Times.utc(before)))
                .rowCount();
    }

    /** The {@code limit} most recent notifications, newest first. */
    public List<Sent> recent(int limit) {
        List<Sent> sent = new ArrayList<>();
        for (Row row : db.query(
                "select id, webhook, kind, rollout_id, tenant_id, created_at, attempts, delivered_at,"
                        + " next_attempt_at, last_status, last_error from notifications order by id desc limit $1",
                Tuple.of(limit))) {
            sent.add(new Sent(
                    row.getLong("id"),
                    row.getString("webhook"),
                    row.getString("kind"),
                    row.getUUID("rollout_id"),
                    row.getString("tenant_id"),
                    Times.instant(row.getOffsetDateTime("created_at")),
                    row.getInteger("attempts"),
                    Times.instant(row.getOffsetDateTime("delivered_at")),
                    Times.instant(row.getOffsetDateTime("next_attempt_at")),
                    row.getInteger("last_status"),
                    row.getString("last_error")));
        }
        return sent;
    }
}
