package dev.flotilla.coordinator.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.coordinator.rollout.Notice;
import dev.flotilla.coordinator.store.NotificationStore;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns notices into notifications for the webhooks that want them, inside the transaction of the
 * change they tell of: a notice is recorded exactly when its change commits, and sending it (by
 * {@code notify.WebhookSender}, apart from the engine) can never hold the engine up. The body is
 * Slack-compatible: {@code text} for people, {@code flotilla} with the facts for programs.
 */
@ApplicationScoped
@Startup
public class Notifications {

    /**
     * A notification as the API lists it: for one webhook, what it told of, how many attempts it took
     * so far and how the last one went; {@code state} is {@code delivered}, {@code pending} (tried
     * again at {@code nextAttemptAt}) or {@code given-up}.
     */
    public record Delivery(
            long id,
            String webhook,
            String event,
            UUID rollout,
            String tenant,
            Instant createdAt,
            String state,
            int attempts,
            Instant deliveredAt,
            Instant nextAttemptAt,
            Integer lastStatus,
            String lastError) {}

    private final NotificationStore store;
    private final ObjectMapper json;
    private final String dashboard;
    private final Map<Notice.Kind, List<String>> webhooksByKind = new TreeMap<>();

    public Notifications(NotificationSettings settings, NotificationStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
        this.dashboard = settings.dashboardUrl().replaceAll("/+$", "");
        for (Notice.Kind kind : Notice.Kind.values()) {
            webhooksByKind.put(kind, new ArrayList<>());
        }
        settings.webhooks().forEach((name, webhook) -> {
            for (String event : webhook.events().orElse(labels())) {
                Notice.Kind kind = Notice.Kind.of(event.strip())
                        .orElseThrow(() -> new IllegalArgumentException("flotilla.notifications.webhooks." + name
                                + ".events: unknown event '" + event + "'; one of " + labels()));
                webhooksByKind.get(kind).add(name);
            }
        });
    }

    private static Set<String> labels() {
        Set<String> labels = new LinkedHashSet<>();
        for (Notice.Kind kind : Notice.Kind.values()) {
            labels.add(kind.label());
        }
        return labels;
    }

    /** Records the notice for every webhook that wants its kind, in {@code tx}. */
    public void record(SqlClient tx, Notice notice, Instant now) {
        List<String> webhooks = webhooksByKind.get(notice.kind());
        if (webhooks.isEmpty()) {
            return;
        }
        NotificationStore.add(
                tx,
                webhooks,
                notice.kind().label(),
                notice.rollout(),
                notice.tenant(),
                notice.onceKey(),
                body(notice, now),
                now);
    }

    /** The {@code limit} most recent notifications, newest first. */
    public List<Delivery> recent(int limit) {
        return store.recent(limit).stream()
                .map(n -> new Delivery(
                        n.id(),
                        n.webhook(),
                        n.kind(),
                        n.rollout(),
                        n.tenant(),
                        n.createdAt(),
                        n.deliveredAt() != null ? "delivered" : n.nextAttemptAt() != null ? "pending" : "given-up",
                        n.attempts(),
                        n.deliveredAt(),
                        n.nextAttemptAt(),
                        n.lastStatus(),
                        n.lastError()))
                .toList();
    }

    /** The JSON body: a Slack message ({@code text}) with the notice's facts beside it. */
    String body(Notice notice, Instant now) {
        String link = dashboard + "/rollouts/" + notice.rollout();
        ObjectNode body = json.createObjectNode();
        body.put("text", text(notice, "<" + link + "|" + shortId(notice) + ">"));
        ObjectNode facts = body.putObject("flotilla");
        facts.put("event", notice.kind().label());
        facts.put("rollout", notice.rollout().toString());
        facts.put("wave", notice.wave());
        facts.put("tenant", notice.tenant());
        facts.put("run", notice.run() == null ? null : notice.run().toString());
        facts.put("message", notice.message());
        facts.put("at", now.toString());
        facts.put("url", link);
        return body.toString();
    }

    private static String text(Notice notice, String rollout) {
        String why = notice.message() == null ? "" : ": " + notice.message();
        return switch (notice.kind()) {
            case ROLLOUT_HALTED -> ":octagonal_sign: Rollout " + rollout + " halted" + why;
            case TENANT_FAILED -> ":x: Tenant " + notice.tenant() + " failed in rollout " + rollout + why;
            case APPROVAL_WAITING ->
                ":raised_hand: Rollout " + rollout + " waits for an approval of wave " + notice.wave();
            case ROLLOUT_COMPLETED -> ":white_check_mark: Rollout " + rollout + " completed";
            case ROLLOUT_ROLLED_BACK -> ":leftwards_arrow_with_hook: Rollback " + rollout + " completed";
        };
    }

    private static String shortId(Notice notice) {
        return notice.rollout().toString().substring(0, 8);
    }
}
