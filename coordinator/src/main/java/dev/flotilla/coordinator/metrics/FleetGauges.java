package dev.flotilla.coordinator.metrics;

import dev.flotilla.coordinator.rollout.ApprovalGate;
import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.FleetStats;
import dev.flotilla.coordinator.store.TenantStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet's gauges at {@code /q/metrics}: rollouts by state, cells by migration and state, the
 * outbox's backlog, dead letters, agents' heartbeat ages and approvals waited for. Refreshed every
 * {@code flotilla.metrics.refresh-interval} by a few aggregate statements ({@link FleetStats}), so a
 * scrape reads memory and the database's cost does not grow with the tenants; no gauge has a tenant
 * label. Every coordinator reports them, standbys too: the numbers are the database's, the same on
 * each (aggregate them with {@code max}, not {@code sum}).
 */
@ApplicationScoped
public class FleetGauges {

    /** Who may set a message aside, reported at 0 before either did, so the first one shows as a change. */
    private static final List<String> SET_ASIDE_BY = List.of("coordinator", "agent");

    private final FleetStats stats;
    private final TenantStore tenants;
    private final DatabaseClock time;
    private final CatalogService catalog;

    private final GaugeFamily rollouts;
    private final GaugeFamily cells;
    private final GaugeFamily outboxRows;
    private final GaugeFamily outboxOldest;
    private final GaugeFamily deadLetters;
    private final GaugeFamily heartbeatAge;
    private final GaugeFamily approvalsWaiting;
    private final GaugeFamily approvalsOldestWait;

    public FleetGauges(
            MeterRegistry registry, FleetStats stats, TenantStore tenants, DatabaseClock time, CatalogService catalog) {
        this.stats = stats;
        this.tenants = tenants;
        this.time = time;
        this.catalog = catalog;
        rollouts = new GaugeFamily(registry, "flotilla.rollouts", null, "Rollouts in each state");
        cells = new GaugeFamily(registry, "flotilla.cells", null, "Cells of the tenant x migration matrix by state");
        outboxRows =
                new GaugeFamily(registry, "flotilla.outbox.rows", null, "Commands and plans not yet on the broker");
        outboxOldest = new GaugeFamily(
                registry,
                "flotilla.outbox.oldest.age",
                GaugeFamily.SECONDS,
                "How long the oldest outbox row has waited");
        deadLetters =
                new GaugeFamily(registry, "flotilla.dead.letters", null, "Messages set aside, by who set them aside");
        heartbeatAge = new GaugeFamily(
                registry,
                "flotilla.agent.heartbeat.age",
                GaugeFamily.SECONDS,
                "Time since each agent's last heartbeat");
        approvalsWaiting = new GaugeFamily(
                registry, "flotilla.approvals.waiting", null, "Running rollouts held by nothing but an approval");
        approvalsOldestWait = new GaugeFamily(
                registry,
                "flotilla.approvals.oldest.wait",
                GaugeFamily.SECONDS,
                "How long the longest-waiting rollout has waited for an approval");
    }

    /** Takes the gauges out of the registry, which outlives the application (see {@link GaugeFamily}). */
    @PreDestroy
    void remove() {
        List.of(
                        rollouts,
                        cells,
                        outboxRows,
                        outboxOldest,
                        deadLetters,
                        heartbeatAge,
                        approvalsWaiting,
                        approvalsOldestWait)
                .forEach(GaugeFamily::remove);
    }

    @Scheduled(
            identity = "fleet-gauges",
            every = "${flotilla.metrics.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        catalog.awaitReady();
        refreshRollouts();
        refreshCells();
        FleetStats.Backlog backlog = stats.outbox();
        outboxRows.set(backlog.rows());
        outboxOldest.set(seconds(backlog.oldest()));
        refreshDeadLetters();
        Map<Tags, Double> ages = new HashMap<>();
        for (TenantStore.AgentRow agent : tenants.agents()) {
            ages.put(Tags.of("agent", agent.id(), "site", agent.site()), seconds(agent.silentFor()));
        }
        // An agent now at another site is no longer reported at its old one.
        heartbeatAge.replaceAll(ages, Double.NaN);
        refreshApprovals(time.now());
    }

    private void refreshRollouts() {
        Map<RolloutState, Long> byState = stats.rolloutsByState();
        for (RolloutState state : RolloutState.values()) {
            if (state != RolloutState.UNKNOWN) {
                rollouts.set(Tags.of("state", label(state)), byState.getOrDefault(state, 0L));
            }
        }
    }

    private void refreshCells() {
        Map<Tags, Double> counts = new HashMap<>();
        for (FleetStats.CellCount count : stats.cells()) {
            counts.merge(
                    Tags.of("version", count.version(), "state", label(count.state())),
                    (double) count.cells(),
                    Double::sum);
        }
        cells.replaceAll(counts, 0);
    }

    private void refreshDeadLetters() {
        Map<String, Long> letters = stats.deadLettersBySetAsideBy();
        for (String side : SET_ASIDE_BY) {
            deadLetters.set(Tags.of("set_aside_by", side), letters.getOrDefault(side, 0L));
        }
        letters.forEach((side, count) -> deadLetters.set(Tags.of("set_aside_by", side), count));
    }

    private void refreshApprovals(Instant now) {
        List<Instant> waiting = stats.running().stream()
                .map(r -> ApprovalGate.waitingSince(r.currentWave(), r.waves(), r.createdAt(), now))
                .flatMap(Optional::stream)
                .toList();
        approvalsWaiting.set(waiting.size());
        approvalsOldestWait.set(waiting.stream()
                .min(Instant::compareTo)
                .map(since -> seconds(Duration.between(since, now)))
                .orElse(0.0));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static String label(Enum<?> state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
