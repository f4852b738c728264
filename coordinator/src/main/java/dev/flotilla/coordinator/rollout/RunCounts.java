package dev.flotilla.coordinator.rollout;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** How many of a rollout's runs are in each state. */
public record RunCounts(Map<RunState, Integer> byState) {

    public RunCounts {
        EnumMap<RunState, Integer> copy = new EnumMap<>(RunState.class);
        for (RunState state : RunState.values()) {
            copy.put(state, byState.getOrDefault(state, 0));
        }
        byState = Map.copyOf(copy);
    }

    /** The counts of several groups of runs added up. */
    public static RunCounts sum(Collection<RunCounts> groups) {
        Map<RunState, Integer> total = new EnumMap<>(RunState.class);
        for (RunCounts group : groups) {
            group.byState().forEach((state, count) -> total.merge(state, count, Integer::sum));
        }
        return new RunCounts(total);
    }

    public int get(RunState state) {
        return byState.get(state);
    }

    public int total() {
        return byState.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int inFlight() {
        return get(RunState.DISPATCHED) + get(RunState.RUNNING);
    }

    public int unfinished() {
        return get(RunState.PENDING) + inFlight() + get(RunState.UNKNOWN);
    }
}
