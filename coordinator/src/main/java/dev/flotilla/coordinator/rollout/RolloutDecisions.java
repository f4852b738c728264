package dev.flotilla.coordinator.rollout;

/**
 * The rollout engine's decisions. Pure: the adapters load the counts, ask, and write what they are
 * told in the same transaction as the outgoing commands.
 */
public final class RolloutDecisions {

    private RolloutDecisions() {}

    /**
     * The state a new run starts in: blocked when its tenant needs a repair ({@code blockedBy} names
     * why, or is null), done at once when the tenant is already at the target, else waiting for a slot.
     */
    public static RunState initialRunState(int steps, String blockedBy) {
        if (blockedBy != null) {
            return RunState.BLOCKED;
        }
        return steps == 0 ? RunState.SUCCEEDED : RunState.PENDING;
    }

    /** How many pending runs to dispatch now without exceeding {@code maxParallel} in flight. */
    public static int slotsToFill(RolloutState state, RunCounts counts, int maxParallel) {
        if (state != RolloutState.RUNNING) {
            return 0;
        }
        return Math.max(0, Math.min(counts.get(RunState.PENDING), maxParallel - counts.inFlight()));
    }

    /** The state a running rollout moves to given its runs; a finished rollout keeps its state. */
    public static RolloutState stateAfter(RolloutState state, RunCounts counts) {
        if (state != RolloutState.RUNNING || counts.unfinished() > 0) {
            return state;
        }
        return counts.get(RunState.FAILED) + counts.get(RunState.CANCELLED) + counts.get(RunState.BLOCKED) > 0
                ? RolloutState.HALTED
                : RolloutState.COMPLETED;
    }

    /** The run state an agent's {@code RunStarted} or {@code RunFinished} moves a run to, if any. */
    public static RunState runAfter(RunState current, RunState reported) {
        if (current.terminal()) {
            return current;
        }
        if (reported == RunState.RUNNING && current == RunState.RUNNING) {
            return current;
        }
        return reported;
    }
}
