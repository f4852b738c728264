package dev.flotilla.coordinator.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.coordinator.rollout.Notice;
import dev.flotilla.coordinator.store.NotificationStore;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns notices into notifications for the webhooks that want them, inside the transaction of the
 * change they tell of: a notice is recorded exactly when its change commits, and sending it (by
 * {@code notify.WebhookSender}, apart from the engine) can never hold the engine up. The body is
 * Slack-compatible: {@code text} for people, {@code flotilla} with the facts for programs, its
 * {@code notice} id the same for every webhook and every attempt. The settings are checked at start.
 */
@ApplicationScoped
@Startup
public class Notifications {

    /** How much of an engine's or agent's message a notification carries. */
    static final int MESSAGE_LENGTH = 300;

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
    private final Map<Notice.Kind, List<String>> webhooksByKind = new EnumMap<>(Notice.Kind.class);

    public Notifications(NotificationSettings settings, NotificationStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
        this.dashboard = settings.dashboardUrl().replaceAll("/+$", "");
        check(settings);
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

    /** Refuses settings that could never send anything, naming the property (never a webhook's URL: it is a secret). */
    private static void check(NotificationSettings settings) {
        positive("timeout", settings.timeout());
        positive("backoff", settings.backoff());
        positive("max-backoff", settings.maxBackoff());
        if (settings.maxAttempts() < 1) {
            throw new IllegalArgumentException(
                    "flotilla.notifications.max-attempts must be 1 or more, was " + settings.maxAttempts());
        }
        settings.webhooks().forEach((name, webhook) -> {
            String property = "flotilla.notifications.webhooks." + name + ".url";
            URI url;
            try {
                url = URI.create(webhook.url().strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + " is not a URL");
            }
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalArgumentException(property + " must be an http:// or https:// URL with a host");
            }
        });
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("flotilla.notifications." + name + " must be more than 0, was " + value);
        }
    }

    private static Set<String> labels() {
        Set<String> labels = new LinkedHashSet<>();
        for (Notice.Kind kind : Notice.Kind.values()) {
            labels.add(kind.label());
        }
        return labels;
    }

    /** Records each notice for every webhook that wants its kind, in {@code tx}, in one batch. */
    public void record(SqlClient tx, List<Notice> notices, Instant now) {
        List<NotificationStore.NewNotification> rows = new ArrayList<>();
        for (Notice notice : notices) {
            List<String> webhooks = webhooksByKind.get(notice.kind());
            if (webhooks.isEmpty()) {
                continue;
            }
            String body = body(notice, UUID.randomUUID(), now);
            for (String webhook : webhooks) {
                rows.add(new NotificationStore.NewNotification(
                        webhook, notice.kind().label(), notice.rollout(), notice.tenant(), notice.onceKey(), body));
            }
        }
        NotificationStore.add(tx, rows, now);
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
    String body(Notice notice, UUID id, Instant now) {
        String link = dashboard + "/rollouts/" + notice.rollout();
        String message = notice.message() == null
                ? null
                : notice.message().length() <= MESSAGE_LENGTH
                        ? notice.message()
                        : notice.message().substring(0, MESSAGE_LENGTH - 1) + "…";
        ObjectNode body = json.createObjectNode();
        body.put(
                "text",
                text(
                        notice,
                        message,
                        "<" + link + "|" + notice.rollout().toString().substring(0, 8) + ">"));
        ObjectNode facts = body.putObject("flotilla");
        facts.put("notice", id.toString());
        facts.put("event", notice.kind().label());
        facts.put("rollout", notice.rollout().toString());
        facts.put("wave", notice.wave());
        facts.put("tenant", notice.tenant());
        facts.put("run", notice.run() == null ? null : notice.run().toString());
        facts.put("message", message);
        facts.put("at", now.toString());
        facts.put("url", link);
        return body.toString();
    }

    /** The message for people; what came from a tenant or a plan is escaped as Slack asks (&amp; &lt; &gt;). */
    private static String text(Notice notice, String message, String rollout) {
        String why = message == null ? "" : ": " + slack(message);
        return switch (notice.kind()) {
            case ROLLOUT_HALTED -> ":octagonal_sign: Rollout " + rollout + " halted" + why;
            case TENANT_FAILED -> ":x: Tenant " + slack(notice.tenant()) + " failed in rollout " + rollout + why;
            case APPROVAL_WAITING ->
                ":raised_hand: Rollout " + rollout + " waits for an approval of wave " + slack(notice.wave());
            case ROLLOUT_COMPLETED -> ":white_check_mark: Rollout " + rollout + " completed";
            case ROLLOUT_ROLLED_BACK -> ":leftwards_arrow_with_hook: Rollback " + rollout + " completed";
        };
    }

    private static String slack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
