package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.messaging.OutboxRelay;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.Leadership;
import dev.flotilla.coordinator.store.OutboxStore;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.RunStore.PendingRun;
import dev.flotilla.coordinator.store.RunStore.QuietRun;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends again the command of a run no agent has said anything about for {@code flotilla.runs.quiet-after}
 * (agents report progress while a step runs, so a quiet run is one whose command or events were lost,
 * or whose agent is gone). Re-sending is safe: the agent finds applied steps in the tenant's history
 * and reports them without running them again. After {@code flotilla.runs.max-sends} sends without an
 * answer the run fails, so its rollout does not wait for ever on a site without agents. Runs only on
 * the leading coordinator.
 */
@ApplicationScoped
public class RunSupervisor {

    private static final Logger LOGGER = Logger.getLogger(RunSupervisor.class);
    private static final int BATCH = 500;

    private final Db db;
    private final OutboxStore outbox;
    private final OutboxRelay relay;
    private final Leadership leadership;
    private final CatalogService catalog;
    private final Clock clock;
    private final Duration quietAfter;
    private final int maxSends;
    private final WaveEngine rollouts;

    public RunSupervisor(
            Db db,
            OutboxStore outbox,
            OutboxRelay relay,
            Leadership leadership,
            CatalogService catalog,
            Clock clock,
            @ConfigProperty(name = "flotilla.runs.quiet-after") Duration quietAfter,
            @ConfigProperty(name = "flotilla.runs.max-sends") int maxSends,
            WaveEngine rollouts) {
        this.db = db;
        this.outbox = outbox;
        this.relay = relay;
        this.leadership = leadership;
        this.catalog = catalog;
        this.clock = clock;
        this.quietAfter = quietAfter;
        this.maxSends = maxSends;
        this.rollouts = rollouts;
    }

    /**
     * A round every {@code flotilla.runs.check-interval}, on the leader only, from the end of start-up
     * (waiting for the schema and catalog) until shutdown begins; a round still running skips the next.
     */
    @Scheduled(
            identity = "run-supervisor",
            every = "${flotilla.runs.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void supervise() {
        catalog.awaitReady();
        if (leadership.isLeader()) {
            resendQuiet(clock.instant());
        }
    }

    /**
     * Re-sends every run quiet since before {@code now - quiet-after}, in batches; returns how many.
     * Each batch commits its outbox rows with the runs' new send counts.
     */
    public int resendQuiet(Instant now) {
        Instant before = now.minus(quietAfter);
        int total = 0;
        int sent;
        do {
            sent = db.inTransaction(tx -> {
                List<QuietRun> quiet = RunStore.quiet(tx, before, BATCH);
                Set<UUID> settled = new TreeSet<>();
                for (QuietRun quietRun : quiet) {
                    PendingRun run = quietRun.run();
                    if (quietRun.rolloutCancelled()) {
                        // Sending the command again would restart work an operator cancelled.
                        RunStore.setRunState(
                                tx,
                                List.of(run.id()),
                                RunState.CANCELLED,
                                "its rollout was cancelled and no agent reported on it since",
                                now);
                        continue;
                    }
                    if (quietRun.sends() >= maxSends) {
                        String message = "no agent at site " + run.site() + " reported on this run after "
                                + quietRun.sends() + " sends, " + quietAfter + " apart";
                        RunStore.setRunState(tx, List.of(run.id()), RunState.FAILED, message, now);
                        settled.add(quietRun.rollout());
                        LOGGER.errorf(
                                "quiet run given up run=%s tenant=%s site=%s", run.id(), run.tenant(), run.site());
                        continue;
                    }
                    outbox.appendRun(tx, quietRun.rollout(), quietRun.planId(), run, now);
                    int sends = quietRun.sends() + 1;
                    String message = "no word from an agent at site " + run.site() + " for " + quietAfter
                            + "; command sent again (send " + sends + " of " + maxSends + ")";
                    RunStore.resent(tx, run.id(), message, now);
                    LOGGER.warnf(
                            "quiet run re-sent run=%s tenant=%s site=%s sends=%d",
                            run.id(), run.tenant(), run.site(), sends);
                }
                // In sorted order, as the event folder does, so two transactions never lock rollouts crosswise.
                settled.forEach(rollout -> rollouts.advance(tx, rollout, now));
                return quiet.size();
            });
            total += sent;
        } while (sent == BATCH);
        if (total > 0) {
            relay.wakeUp();
        }
        return total;
    }
}
