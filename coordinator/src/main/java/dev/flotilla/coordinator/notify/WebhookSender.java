package dev.flotilla.coordinator.notify;

import dev.flotilla.coordinator.service.NotificationSettings;
import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.NotificationStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends the notifications that are due to their webhooks, on its own schedule and threads, never the
 * engine's. Each webhook is served apart, one notification at a time in the order they were written
 * (a chat keeps its order, a rate limit is respected): a webhook that is slow, down or backing off
 * delays only its own notifications. A batch is claimed before it is sent, so two coordinators never
 * send one at once and one that died mid-send leaves it to the next claim; a webhook may therefore get
 * a notification twice (at least once, until given up). When an attempt fails, the rest of the batch
 * is given back to be tried after the same pause.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOGGER = Logger.getLogger(WebhookSender.class);
    /** Notifications claimed for one webhook at a time. */
    private static final int BATCH = 5;
    /** How long the notifications of a webhook this coordinator does not know wait for one that does. */
    private static final Duration UNKNOWN_GRACE = Duration.ofHours(1);

    private static final int ERROR_LENGTH = 500;

    private final NotificationStore store;
    private final NotificationSettings settings;
    private final DatabaseClock time;
    private final DeliveryPolicy policy;
    private final HttpClient http;
    /** The webhooks whose batch is being sent now: each is claimed again only once its batch ended. */
    private final Map<String, CompletableFuture<Void>> sending = new ConcurrentHashMap<>();

    public WebhookSender(NotificationStore store, NotificationSettings settings, DatabaseClock time) {
        this.store = store;
        this.settings = settings;
        this.time = time;
        this.policy = new DeliveryPolicy(settings.backoff(), settings.maxBackoff(), settings.maxAttempts());
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** What one attempt came to: the webhook's status and Retry-After, or why there was no answer. */
    private record Outcome(Integer status, Optional<String> retryAfter, String error) {}

    @Scheduled(
            identity = "webhook-sender",
            every = "${flotilla.notifications.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sendDue() {
        Instant now = time.now();
        int forgotten = store.giveUpUnknown(List.copyOf(settings.webhooks().keySet()), now.minus(UNKNOWN_GRACE));
        if (forgotten > 0) {
            LOGGER.warnf("notifications given up count=%d reason=\"their webhook is not configured\"", forgotten);
        }
        // An attempt takes at most twice the timeout (connecting, then answering); a batch, BATCH of them.
        Instant until = now.plus(settings.timeout().multipliedBy(2L * BATCH + 2));
        settings.webhooks().forEach((name, webhook) -> {
            if (sending.containsKey(name)) {
                return;
            }
            UUID claim = UUID.randomUUID();
            List<NotificationStore.Due> due = store.claim(name, now, until, BATCH, claim);
            if (due.isEmpty()) {
                return;
            }
            CompletableFuture<Void> batch = sendFrom(name, URI.create(webhook.url()), due, 0, claim);
            sending.put(name, batch);
            batch.whenComplete((done, failure) -> {
                if (failure != null) {
                    LOGGER.errorf(failure, "notification batch failed webhook=%s", name);
                }
                sending.remove(name, batch);
            });
        });
    }

    /** Sends {@code due} from {@code index} on, one after the other, stopping at the first failure. */
    private CompletableFuture<Void> sendFrom(
            String webhook, URI url, List<NotificationStore.Due> due, int index, UUID claim) {
        if (index >= due.size()) {
            return CompletableFuture.completedFuture(null);
        }
        NotificationStore.Due next = due.get(index);
        return attempt(url, next).thenCompose(outcome -> {
            DeliveryPolicy.Decision decision = record(webhook, next, claim, outcome);
            if (decision.delivered()) {
                return sendFrom(webhook, url, due, index + 1, claim);
            }
            List<Long> rest = due.subList(index + 1, due.size()).stream()
                    .map(NotificationStore.Due::id)
                    .toList();
            store.release(rest, claim, decision.retryAt() != null ? decision.retryAt() : time.now());
            return CompletableFuture.completedFuture(null);
        });
    }

    private CompletableFuture<Outcome> attempt(URI url, NotificationStore.Due due) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "flotilla-coordinator")
                .POST(HttpRequest.BodyPublishers.ofString(due.body()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                // the request timeout covers the answer's headers only: a body that never ends is cut too
                .orTimeout(settings.timeout().multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> failure == null
                        ? new Outcome(response.statusCode(), response.headers().firstValue("Retry-After"), null)
                        : new Outcome(null, Optional.empty(), describe(failure)));
    }

    private DeliveryPolicy.Decision record(String webhook, NotificationStore.Due due, UUID claim, Outcome outcome) {
        Instant now = time.now();
        int failures = due.attempts() + 1;
        DeliveryPolicy.Decision decision = policy.decide(outcome.status(), outcome.retryAfter(), failures, now);
        if (decision.delivered()) {
            if (!store.delivered(due.id(), claim, outcome.status(), now)) {
                LOGGER.infof("notification delivered after its claim lapsed webhook=%s id=%d", webhook, due.id());
            }
            return decision;
        }
        String error = outcome.error() != null ? outcome.error() : "the webhook answered " + outcome.status();
        store.failed(due.id(), claim, outcome.status(), error, decision.retryAt());
        if (decision.givenUp()) {
            LOGGER.warnf(
                    "notification given up webhook=%s id=%d attempts=%d error=\"%s\"",
                    webhook, due.id(), failures, error);
        } else {
            LOGGER.debugf(
                    "notification not delivered webhook=%s id=%d retryAt=%s error=\"%s\"",
                    webhook, due.id(), decision.retryAt(), error);
        }
        return decision;
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return text.length() > ERROR_LENGTH ? text.substring(0, ERROR_LENGTH) : text;
    }

    @PreDestroy
    void close() {
        http.shutdownNow();
    }
}
