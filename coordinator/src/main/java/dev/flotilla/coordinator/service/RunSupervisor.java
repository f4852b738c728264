package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.rollout.Change;
import dev.flotilla.coordinator.rollout.QuietRuns;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.Leadership;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.RunStore.PendingRun;
import dev.flotilla.coordinator.store.RunStore.QuietRun;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Finds the runs no agent has said anything about for {@code flotilla.runs.quiet-after} (agents report
 * progress while a step runs, so a quiet run is one whose command or events were lost, or whose agent
 * is gone) and writes what {@link QuietRuns} decides for each: send its command again, or, after
 * {@code flotilla.runs.max-sends} sends, fail it. Runs only on the leading coordinator.
 */
@ApplicationScoped
public class RunSupervisor {

    private static final Logger LOGGER = Logger.getLogger(RunSupervisor.class);
    private static final int BATCH = 500;

    private final Db db;
    private final ChangeWriter writer;
    private final OutboxWakeUp relay;
    private final Leadership leadership;
    private final CatalogService catalog;
    private final DatabaseClock time;
    private final Duration quietAfter;
    private final QuietRuns rule;
    private final WaveEngine rollouts;

    public RunSupervisor(
            Db db,
            ChangeWriter writer,
            OutboxWakeUp relay,
            Leadership leadership,
            CatalogService catalog,
            DatabaseClock time,
            @ConfigProperty(name = "flotilla.runs.quiet-after") Duration quietAfter,
            @ConfigProperty(name = "flotilla.runs.max-sends") int maxSends,
            WaveEngine rollouts) {
        this.db = db;
        this.writer = writer;
        this.relay = relay;
        this.leadership = leadership;
        this.catalog = catalog;
        this.time = time;
        this.quietAfter = quietAfter;
        this.rule = new QuietRuns(quietAfter, maxSends);
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
            resendQuiet(time.now());
        }
    }

    /**
     * Re-sends every run quiet since before {@code now - quiet-after}, in batches; returns how many.
     * Each batch commits its outbox rows with the runs' new send counts. {@code now} is on the database's
     * clock, which stamped when each run was last heard of ({@link DatabaseClock}).
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
                    QuietRuns.Verdict verdict = rule.decide(new QuietRuns.Quiet(
                            run.id(), quietRun.state(), run.site(), quietRun.sends(), quietRun.rolloutState()));
                    writer.write(
                            tx,
                            new ChangeWriter.Target(
                                    quietRun.rollout(), quietRun.planId(), quietRun.direction(), Map.of(run.id(), run)),
                            List.of(verdict.change()),
                            now);
                    if (verdict.rolloutMoves()) {
                        settled.add(quietRun.rollout());
                    }
                    log(quietRun, verdict.change());
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

    private static void log(QuietRun quiet, Change change) {
        PendingRun run = quiet.run();
        if (change instanceof Change.RunMoved moved && moved.to() == RunState.FAILED) {
            LOGGER.errorf(
                    "quiet run given up run=%s tenant=%s site=%s sends=%d",
                    run.id(), run.tenant(), run.site(), quiet.sends());
        } else if (change instanceof Change.RunMoved moved) {
            LOGGER.infof("quiet run settled run=%s tenant=%s state=%s", run.id(), run.tenant(), moved.to());
        } else {
            LOGGER.warnf(
                    "quiet run re-sent run=%s tenant=%s site=%s sends=%d",
                    run.id(), run.tenant(), run.site(), quiet.sends() + 1);
        }
    }
}
