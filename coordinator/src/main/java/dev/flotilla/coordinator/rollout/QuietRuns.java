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

    /**
     * A quiet run's next move.
     *
     * @param change {@link Change.RunResent}, or a {@link Change.RunMoved} that ends the run
     * @param rolloutMoves whether its rollout needs a turn of the engine then: a run it waited for failed
     */
    public record Verdict(Change change, boolean rolloutMoves) {}

    public Verdict decide(Quiet quiet) {
        if (quiet.rollout() == RolloutState.CANCELLED) {
            Change cancelled = new Change.RunMoved(
                    quiet.run(),
                    quiet.state().moveTo(RunState.CANCELLED),
                    "its rollout was cancelled and no agent reported on it since");
            return new Verdict(cancelled, false);
        }
        if (quiet.sends() >= maxSends) {
            Change failed = new Change.RunMoved(
                    quiet.run(),
                    quiet.state().moveTo(RunState.FAILED),
                    "no agent at site " + quiet.site() + " reported on this run after " + quiet.sends() + " sends, "
                            + quietAfter + " apart");
            return new Verdict(failed, true);
        }
        int sends = quiet.sends() + 1;
        Change resent = new Change.RunResent(
                quiet.run(),
                "no word from an agent at site " + quiet.site() + " for " + quietAfter + "; command sent again (send "
                        + sends + " of " + maxSends + ")");
        return new Verdict(resent, false);
    }
}
