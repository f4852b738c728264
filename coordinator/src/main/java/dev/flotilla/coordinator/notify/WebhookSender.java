package dev.flotilla.coordinator.notify;

import dev.flotilla.coordinator.service.NotificationSettings;
import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.NotificationStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Sends the notifications that are due to their webhooks, on its own schedule and threads, never the
 * engine's: a webhook that is slow or down delays only its own notifications. A notification is
 * claimed before it is sent, so two coordinators never send it at once and one that died mid-send
 * leaves it to the next claim; a webhook may therefore get one twice (at least once). A 2xx answer
 * delivers it; anything else is retried with a doubling backoff up to {@code max-attempts}.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    private static final int BATCH = 50;
    private static final int ERROR_LENGTH = 500;

    private final NotificationStore store;
    private final NotificationSettings settings;
    private final DatabaseClock time;
    private final HttpClient http;

    public WebhookSender(NotificationStore store, NotificationSettings settings, DatabaseClock time) {
        this.store = store;
        this.settings = settings;
        this.time = time;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** What one attempt came to: the webhook's status, or why there was none. */
    private record Outcome(NotificationStore.Due due, Integer status, String error) {}

    @Scheduled(
            identity = "webhook-sender",
            every = "${flotilla.notifications.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sendDue() {
        if (settings.webhooks().isEmpty()) {
            return;
        }
        Instant now = time.now();
        // Claimed for longer than an attempt can take, so that no other sender takes it meanwhile.
        List<NotificationStore.Due> due = store.claim(now, settings.timeout().multipliedBy(3), BATCH);
        List<CompletableFuture<Outcome>> attempts =
                due.stream().map(this::attempt).toList();
        for (CompletableFuture<Outcome> attempt : attempts) {
            record(attempt.join(), time.now());
        }
    }

    private CompletableFuture<Outcome> attempt(NotificationStore.Due due) {
        NotificationSettings.Webhook webhook = settings.webhooks().get(due.webhook());
        if (webhook == null) {
            return CompletableFuture.completedFuture(
                    new Outcome(due, null, "no webhook named " + due.webhook() + " is configured any more"));
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(webhook.url()))
                    .timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "flotilla-coordinator")
                    .POST(HttpRequest.BodyPublishers.ofString(due.body()))
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Outcome(due, null, "bad url: " + e.getMessage()));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> failure == null
                        ? new Outcome(due, response.statusCode(), null)
                        : new Outcome(due, null, describe(failure)));
    }

    private void record(Outcome outcome, Instant now) {
        NotificationStore.Due due = outcome.due();
        if (outcome.status() != null && outcome.status() / 100 == 2) {
            store.delivered(due.id(), outcome.status(), now);
            return;
        }
        int failures = due.attempts() + 1;
        String error = outcome.error() != null ? outcome.error() : "the webhook answered " + outcome.status();
        Instant retryAt = failures >= settings.maxAttempts()
                ? null
                : now.plus(pause(settings.backoff(), settings.maxBackoff(), failures));
        store.failed(due.id(), outcome.status(), error, retryAt);
        if (retryAt == null) {
            LOG.warnf(
                    "notification given up webhook=%s id=%d attempts=%d error=%s",
                    due.webhook(), due.id(), failures, error);
        } else {
            LOG.debugf(
                    "notification not delivered webhook=%s id=%d retryAt=%s error=%s",
                    due.webhook(), due.id(), retryAt, error);
        }
    }

    /** The wait after {@code failures} failed attempts: {@code first}, doubled each time, at most {@code max}. */
    static Duration pause(Duration first, Duration max, int failures) {
        Duration pause = first;
        for (int i = 1; i < failures && pause.compareTo(max) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(max) > 0 ? max : pause;
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return text.length() > ERROR_LENGTH ? text.substring(0, ERROR_LENGTH) : text;
    }
}
