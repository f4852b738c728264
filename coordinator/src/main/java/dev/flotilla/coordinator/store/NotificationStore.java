package dev.flotilla.coordinator.store;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Notifications waiting for, or done with, their webhooks (V17): written in the transaction of the
 * change they tell of, claimed by a sender for a while (a coordinator that dies meanwhile leaves them
 * to another once the claim lapses), and each attempt's outcome kept.
 */
@ApplicationScoped
public class NotificationStore {

    /** A notification to send now. */
    public record Due(long id, String webhook, String body, int attempts) {}

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

    /** Adds a notification for each webhook, due now; one that was already added once ({@code onceKey}) is left out. */
    public static void add(
            SqlClient tx,
            List<String> webhooks,
            String kind,
            UUID rollout,
            String tenant,
            String onceKey,
            String body,
            Instant now) {
        if (webhooks.isEmpty()) {
            return;
        }
        List<Tuple> rows = new ArrayList<>();
        for (String webhook : webhooks) {
            rows.add(Tuple.from(new Object[] {webhook, kind, rollout, tenant, onceKey, body, Times.utc(now)}));
        }
        tx.preparedQuery("insert into notifications (webhook, kind, rollout_id, tenant_id, once_key, body,"
                        + " created_at, next_attempt_at) values ($1, $2, $3, $4, $5, $6, $7, $7)"
                        + " on conflict (webhook, once_key) do nothing")
                .executeBatch(rows)
                .await()
                .indefinitely();
    }

    /**
     * Up to {@code limit} notifications due at {@code now}, oldest first, claimed for {@code lease}: no
     * other sender takes them before it lapses.
     */
    public List<Due> claim(Instant now, Duration lease, int limit) {
        List<Due> due = new ArrayList<>();
        for (Row row : db.query(
                "update notifications n set next_attempt_at = $2 from (select id from notifications"
                        + " where next_attempt_at <= $1 order by next_attempt_at, id limit $3 for update skip locked) d"
                        + " where n.id = d.id returning n.id, n.webhook, n.body, n.attempts",
                Tuple.of(Times.utc(now), Times.utc(now.plus(lease)), limit))) {
            due.add(new Due(row.getLong(0), row.getString(1), row.getString(2), row.getInteger(3)));
        }
        return due;
    }

    /** The webhook took it. */
    public void delivered(long id, int status, Instant at) {
        db.query(
                "update notifications set attempts = attempts + 1, delivered_at = $2, next_attempt_at = null,"
                        + " last_status = $3, last_error = null where id = $1",
                Tuple.of(id, Times.utc(at), status));
    }

    /**
     * The webhook refused it or did not answer; tried again at {@code retryAt}, or never again when it
     * is null.
     *
     * @param status the HTTP status it answered; null when it did not answer
     */
    public void failed(long id, Integer status, String error, Instant retryAt) {
        db.query(
                "update notifications set attempts = attempts + 1, next_attempt_at = $2, last_status = $3,"
                        + " last_error = $4 where id = $1",
                Tuple.of(id, retryAt == null ? null : Times.utc(retryAt), status, error));
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
