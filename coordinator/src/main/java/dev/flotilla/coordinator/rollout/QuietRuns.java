package dev.flotilla.coordinator.rollout;

import java.time.Duration;
import java.util.UUID;

/**
 * What becomes of a run no agent has said anything about for {@code quietAfter}, pure. Re-sending is
 * safe (the agent finds applied steps in the tenant's history and reports them without running them
 * again); after {@code maxSends} sends without an answer the run fails, so its rollout does not wait
 * for ever on a site without agents; a run of a cancelled rollout is cancelled instead, as sending its
 * command again would restart work an operator cancelled.
 */
public record QuietRuns(Duration quietAfter, int maxSends) {

    /**
     * A quiet run.
     *
     * @param sends how many times its command was sent so far
     */
    public record Quiet(UUID run, RunState state, String site, int sends, RolloutState rollout) {}

    /** The run's next move: {@link Change.RunResent}, or a {@link Change.RunMoved} that ends it. */
    public Change decide(Quiet quiet) {
        if (quiet.rollout() == RolloutState.CANCELLED) {
            return new Change.RunMoved(
                    quiet.run(),
                    quiet.state().moveTo(RunState.CANCELLED),
                    "its rollout was cancelled and no agent reported on it since");
        }
        if (quiet.sends() >= maxSends) {
            return new Change.RunMoved(
                    quiet.run(),
                    quiet.state().moveTo(RunState.FAILED),
                    "no agent at site " + quiet.site() + " reported on this run after " + quiet.sends() + " sends, "
                            + quietAfter + " apart");
        }
        int sends = quiet.sends() + 1;
        return new Change.RunResent(
                quiet.run(),
                "no word from an agent at site " + quiet.site() + " for " + quietAfter + "; command sent again (send "
                        + sends + " of " + maxSends + ")");
    }
}
