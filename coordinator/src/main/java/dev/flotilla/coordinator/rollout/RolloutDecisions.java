package dev.flotilla.coordinator.rollout;

import java.util.Collection;

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

    /** How a rollout ends once its last wave is done, and why, for an operator to read. */
    public record Ending(RolloutState state, String reason) {}

    /**
     * Completed when every run succeeded or was skipped; otherwise halted, so an operator looks at the
     * failed, cancelled and blocked tenants, then retries or skips them and resumes.
     */
    public static Ending afterLastWave(Collection<RunCounts> waves) {
        int failed = 0;
        int blocked = 0;
        for (RunCounts runs : waves) {
            failed += runs.get(RunState.FAILED) + runs.get(RunState.CANCELLED);
            blocked += runs.get(RunState.BLOCKED);
        }
        if (failed + blocked == 0) {
            return new Ending(RolloutState.COMPLETED, null);
        }
        return new Ending(
                RolloutState.HALTED,
                "every wave ran; " + failed + " tenants failed or were cancelled and " + blocked
                        + " are blocked: retry or skip them, then resume");
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
