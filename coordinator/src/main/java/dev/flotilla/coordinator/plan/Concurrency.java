package dev.flotilla.coordinator.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many of a rollout's runs may be in flight at once: over the whole fleet, per site (a database
 * server hosting many tenants) and per wave. Pure: {@link #pick} chooses which pending runs to
 * dispatch so that no limit is ever exceeded.
 */
public record Concurrency(int fleet, int perSite, int perWave) {

    public static final int MAX = 1000;

    public Concurrency {
        check("fleet", fleet);
        check("perSite", perSite);
        check("perWave", perWave);
    }

    /** Only a fleet-wide limit. */
    public static Concurrency fleetOf(int fleet) {
        return new Concurrency(fleet, fleet, fleet);
    }

    private static void check(String name, int value) {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException(
                    "concurrency." + name + " must be between 1 and " + MAX + ", was " + value);
        }
    }

    /** How many runs of one wave can execute at once over {@code sites} sites: the tightest of the limits. */
    public int parallelism(int sites) {
        return Math.min(Math.min(fleet, perWave), perSite * Math.max(1, sites));
    }

    /** Where a run executes: its wave and its tenant's site. */
    public interface Placed {
        int wave();

        String site();
    }

    /** The runs in flight now, by wave and by site. */
    public record InFlight(int total, Map<Integer, Integer> byWave, Map<String, Integer> bySite) {
        public InFlight {
            byWave = Map.copyOf(byWave);
            bySite = Map.copyOf(bySite);
        }

        public static InFlight none() {
            return new InFlight(0, Map.of(), Map.of());
        }
    }

    /**
     * The pending runs to dispatch now, taken in the given order, skipping any whose wave or site is
     * full.
     */
    public <T extends Placed> List<T> pick(List<T> pending, InFlight inFlight) {
        int total = inFlight.total();
        Map<Integer, Integer> byWave = new HashMap<>(inFlight.byWave());
        Map<String, Integer> bySite = new HashMap<>(inFlight.bySite());
        List<T> picked = new ArrayList<>();
        for (T run : pending) {
            if (total >= fleet) {
                break;
            }
            if (byWave.getOrDefault(run.wave(), 0) >= perWave || bySite.getOrDefault(run.site(), 0) >= perSite) {
                continue;
            }
            picked.add(run);
            total++;
            byWave.merge(run.wave(), 1, Integer::sum);
            bySite.merge(run.site(), 1, Integer::sum);
        }
        return picked;
    }
}
