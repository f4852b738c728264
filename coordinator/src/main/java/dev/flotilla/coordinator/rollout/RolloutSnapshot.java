package dev.flotilla.coordinator.rollout;

import dev.flotilla.coordinator.plan.Concurrency;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the core decides a rollout's next move on, loaded in the transaction that writes the move.
 *
 * @param waves every wave, by position
 * @param counts per wave position, how many runs are in each state; a wave without runs is absent
 * @param inFlight the runs holding a slot now
 * @param pending the rollout's pending runs the next dispatch may pick from: per site, the first
 *     {@code perSite} by wave then tenant id, in that order; empty unless the rollout dispatches.
 *     Enough for a dispatch up to any wave: as waves sort first, the runs of waves up to it are a
 *     prefix of each site's share, and no more than {@code perSite} of a site are picked at once
 */
public record RolloutSnapshot(
        Rollout rollout,
        List<Wave> waves,
        Map<Integer, RunCounts> counts,
        Concurrency.InFlight inFlight,
        List<Queued> pending) {

    private static final RunCounts NO_RUNS = new RunCounts(Map.of());

    public RolloutSnapshot {
        waves = List.copyOf(waves);
        counts = Map.copyOf(counts);
        pending = List.copyOf(pending);
    }

    /** A pending run as dispatch sees it: which wave, which site. */
    public record Queued(UUID run, int wave, String site) implements Concurrency.Placed {}

    /** The runs of the wave at {@code position}. */
    public RunCounts countsOf(int position) {
        return counts.getOrDefault(position, NO_RUNS);
    }

    public Wave currentWave() {
        return waves.get(rollout.currentWave());
    }
}
