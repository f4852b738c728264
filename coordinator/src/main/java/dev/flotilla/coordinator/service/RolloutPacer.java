package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.Leadership;
import dev.flotilla.coordinator.store.RolloutStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final DatabaseClock time;
    private static final int SWEEP_EVERY = 30;
    private final AtomicInteger ticks = new AtomicInteger();

    public RolloutPacer(
            Db db,
            WaveEngine engine,
            Leadership leadership,
            CatalogService catalog,
            OutboxWakeUp relay,
            DatabaseClock time) {
        this.db = db;
        this.engine = engine;
        this.leadership = leadership;
        this.catalog = catalog;
        this.relay = relay;
        this.time = time;
    }

    /**
     * A round every {@code flotilla.rollouts.pace-interval}, on the leader only, from the end of start-up
     * (waiting for the schema and catalog) until shutdown begins; a round still running skips the next.
     */
    @Scheduled(
            identity = "rollout-pacer",
            every = "${flotilla.rollouts.pace-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        catalog.awaitReady();
        if (leadership.isLeader()) {
            pace(ticks.getAndIncrement() % SWEEP_EVERY == 0);
        }
    }

    /**
     * Advances the running rollouts whose soak has ended, or every running rollout, as of the database's
     * time now: a soak ends by the same clock that stamped when its wave was done.
     */
    public void pace(boolean all) {
        Instant now = time.now();
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
