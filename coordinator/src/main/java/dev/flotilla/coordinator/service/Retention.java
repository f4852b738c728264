package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.Leadership;
import dev.flotilla.coordinator.store.RetentionStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the coordinator's bookkeeping from growing for ever: forgets processed message ids older than
 * {@code flotilla.retention.processed-messages} (but never while their event may still be on
 * {@code flotilla.events}: {@link ProcessedHorizon}), deletes dead letters older than
 * {@code flotilla.retention.dead-letters} and notifications done with (delivered or given up) older
 * than {@code flotilla.retention.notifications}. Deletes in batches of {@code flotilla.retention.batch-size},
 * each its own short transaction, at most {@value #MAX_BATCHES} batches per table and round (the rest
 * waits for the next round). Ages are measured on the database's clock, which stamped the rows. Runs
 * only on the leading coordinator.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOGGER = Logger.getLogger(Retention.class);
    static final int MAX_BATCHES = 100;

    private final RetentionStore store;
    private final EventsTopicRetention events;
    private final DatabaseClock time;
    private final Leadership leadership;
    private final CatalogService catalog;
    private final Duration processedFor;
    private final Duration deadLettersFor;
    private final Duration notificationsFor;
    private final int batchSize;
    /** The horizon last logged, so a change is logged once. */
    private volatile Optional<Duration> loggedHorizon = Optional.empty();

    /** What a sweep deleted. */
    public record Swept(int processedMessages, int deadLetters, int notifications) {}

    public Retention(
            RetentionStore store,
            EventsTopicRetention events,
            DatabaseClock time,
            Leadership leadership,
            CatalogService catalog,
            @ConfigProperty(name = "flotilla.retention.processed-messages") Duration processedFor,
            @ConfigProperty(name = "flotilla.retention.dead-letters") Duration deadLettersFor,
            @ConfigProperty(name = "flotilla.retention.notifications") Duration notificationsFor,
            @ConfigProperty(name = "flotilla.retention.batch-size") int batchSize) {
        this.store = store;
        this.events = events;
        this.time = time;
        this.leadership = leadership;
        this.catalog = catalog;
        this.processedFor = processedFor;
        this.deadLettersFor = deadLettersFor;
        this.notificationsFor = notificationsFor;
        this.batchSize = batchSize;
    }

    @Scheduled(
            identity = "retention",
            every = "${flotilla.retention.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        catalog.awaitReady();
        if (leadership.isLeader()) {
            sweep();
        }
    }

    /** Deletes what has outlived its horizon, as of the database's time now. */
    public Swept sweep() {
        Instant now = time.now();
        int processed = processedHorizon()
                .map(keep -> deleteBefore(now.minus(keep), store::deleteProcessedBefore))
                .orElse(0);
        int letters = deleteBefore(now.minus(deadLettersFor), store::deleteDeadLettersBefore);
        int notifications = deleteBefore(now.minus(notificationsFor), store::deleteNotificationsBefore);
        if (processed > 0 || letters > 0 || notifications > 0) {
            LOGGER.infof(
                    "retention swept processedMessages=%d deadLetters=%d notifications=%d",
                    processed, letters, notifications);
        }
        return new Swept(processed, letters, notifications);
    }

    private Optional<Duration> processedHorizon() {
        EventsTopicRetention.Stay stay = events.longestStay();
        Optional<Duration> horizon = ProcessedHorizon.of(processedFor, stay);
        if (!horizon.equals(loggedHorizon)) {
            loggedHorizon = horizon;
            if (horizon.isEmpty()) {
                LOGGER.warnf("processed message ids kept, none forgotten this round stay=%s", stay);
            } else if (!horizon.get().equals(processedFor)) {
                LOGGER.warnf(
                        "processed message ids kept longer than configured configured=%s kept=%s stay=%s:"
                                + " an event may stay on the events topic that long",
                        processedFor, horizon.get(), stay);
            }
        }
        return horizon;
    }

    private int deleteBefore(Instant before, BiFunction<Instant, Integer, Integer> batch) {
        int total = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int deleted = batch.apply(before, batchSize);
            total += deleted;
            if (deleted < batchSize) {
                break;
            }
        }
        return total;
    }
}
