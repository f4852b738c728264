package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.BackgroundLoop;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.Leadership;
import dev.flotilla.coordinator.store.RolloutStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives running rollouts a turn of the {@link WaveEngine} without an event: every
 * {@code flotilla.rollouts.pace-interval}, those whose soak has ended (a soak ends by the clock
 * alone), and every {@value #SWEEP_EVERY} intervals all of them, as a safety net. Runs only on the
 * leading coordinator, one transaction per rollout.
 */
@ApplicationScoped
public class RolloutPacer {

    private final Db db;
    private final WaveEngine engine;
    private final Leadership leadership;
    private final CatalogService catalog;
    private final OutboxWakeUp relay;
    private final Clock clock;
    private final Duration interval;
    private final BackgroundLoop loop = new BackgroundLoop("rollout-pacer");
    private static final int SWEEP_EVERY = 30;
    private int ticks;

    public RolloutPacer(
            Db db,
            WaveEngine engine,
            Leadership leadership,
            CatalogService catalog,
            OutboxWakeUp relay,
            Clock clock,
            @ConfigProperty(name = "flotilla.rollouts.pace-interval") Duration interval) {
        this.db = db;
        this.engine = engine;
        this.leadership = leadership;
        this.catalog = catalog;
        this.relay = relay;
        this.clock = clock;
        this.interval = interval;
    }

    void onStart(@Observes StartupEvent event) {
        loop.start(() -> {
            catalog.awaitReady();
            if (leadership.isLeader()) {
                pace(ticks++ % SWEEP_EVERY == 0);
            }
            return interval;
        });
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        loop.stop();
    }

    /** Advances the running rollouts whose soak has ended, or every running rollout. */
    public void pace(boolean all) {
        Instant now = clock.instant();
        List<UUID> running = RolloutStore.runningToPace(db, all, now);
        for (UUID rollout : running) {
            db.inTransaction(tx -> {
                engine.advance(tx, rollout, now);
                return null;
            });
        }
        if (!running.isEmpty()) {
            relay.wakeUp();
        }
    }
}
