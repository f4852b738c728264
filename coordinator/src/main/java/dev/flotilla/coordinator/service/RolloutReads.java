package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.rollout.ActionRecord;
import dev.flotilla.coordinator.rollout.BatchProgress;
import dev.flotilla.coordinator.rollout.Rollout;
import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.coordinator.rollout.RunCounts;
import dev.flotilla.coordinator.rollout.Wave;
import dev.flotilla.coordinator.store.ActionStore;
import dev.flotilla.coordinator.store.BatchProgressStore;
import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RunProgress;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.WaveStore;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

/** What the API shows of rollouts, read outside any transaction. */
@ApplicationScoped
public class RolloutReads {

    private final Pool pool;
    private final DatabaseClock time;

    public RolloutReads(Pool pool, DatabaseClock time) {
        this.pool = pool;
        this.time = time;
    }

    /** A rollout with its run counts and who started it (null when not recorded), as a list shows it. */
    public record Summary(Rollout rollout, RunCounts runs, String startedBy) {}

    /**
     * A rollout with everything its own page shows.
     *
     * @param startedBy who started it; null when not recorded
     * @param counts per wave position, its runs by state
     * @param stepsLeft per wave position, the steps of its unfinished runs
     * @param secondsPerStep the mean wall time of a step in a finished run, if any finished yet
     * @param failures per tenant whose run failed or is blocked, why
     * @param notes per tenant whose run says more without having failed (a revert that stops above an
     *     irreversible step), what
     * @param rollbacks the rollouts that roll this one (or a wave of it) back, oldest first
     * @param batches the batched steps of its unfinished runs, as last reported
     * @param at when it was read, on the database's clock (which stamped its times): what a view counts
     *     elapsed time, soaks and ETAs to
     */
    public record Details(
            Rollout rollout,
            String startedBy,
            List<Wave> waves,
            Map<Integer, RunCounts> counts,
            Map<Integer, Long> stepsLeft,
            OptionalDouble secondsPerStep,
            Map<String, String> failures,
            Map<String, String> notes,
            List<ActionRecord> actions,
            List<Rollout> rollbacks,
            List<BatchProgress> batches,
            Instant at) {}

    /** The {@code limit} most recent rollouts, newest first, in {@code state} when it is not null. */
    public List<Summary> recent(RolloutState state, int limit) {
        List<Rollout> rollouts = RolloutStore.recent(pool, state, limit);
        List<UUID> ids = rollouts.stream().map(Rollout::id).toList();
        Map<UUID, RunCounts> counts = RunStore.countsOf(pool, ids);
        Map<UUID, String> starters = ActionStore.startersOf(pool, ids);
        return rollouts.stream()
                .map(rollout -> new Summary(rollout, counts.get(rollout.id()), starters.get(rollout.id())))
                .toList();
    }

    public Optional<Details> details(UUID id) {
        return RolloutStore.find(pool, id)
                .map(rollout -> new Details(
                        rollout,
                        ActionStore.startedBy(pool, id),
                        WaveStore.waves(pool, id),
                        RunStore.countsByWave(pool, id),
                        RunProgress.stepsLeftByWave(pool, id),
                        RunProgress.secondsPerStep(pool, id),
                        RunProgress.failures(pool, id),
                        RunProgress.notes(pool, id),
                        ActionStore.actions(pool, id),
                        RolloutStore.rollbacksOf(pool, id),
                        BatchProgressStore.running(pool, id),
                        time.now()));
    }
}
