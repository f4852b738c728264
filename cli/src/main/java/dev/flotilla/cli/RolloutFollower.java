package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;

/** Follows a rollout for a command and turns how the wait ended into its last lines and exit status. */
final class RolloutFollower {

    private RolloutFollower() {}

    /**
     * Follows rollout {@code id} until it ends, {@code timeout} (when not null) passes, or, with
     * {@code stopAtApproval}, it holds for an approval; returns the exit status ({@link ExitCodes}).
     */
    static int follow(ApiClient api, String id, PrintWriter out, Duration timeout, boolean stopAtApproval) {
        return report(RolloutWaiter.of(api, out).follow(id, timeout, stopAtApproval), id, timeout, out);
    }

    static int report(RolloutWaiter.Result result, String id, Duration timeout, PrintWriter out) {
        JsonNode last = result.rollout();
        try {
            return switch (result.stop()) {
                case TIMED_OUT -> {
                    out.println("gave up waiting after "
                            + timeout.toString().substring(2).toLowerCase()
                            + ": rollout " + id + " goes on (" + RolloutProgress.state(last)
                            + "); follow it with `flotilla rollout watch " + id + "`");
                    yield ExitCodes.NOT_YET;
                }
                case AWAITING_APPROVAL -> {
                    out.println("rollout " + id + " holds for the approval of wave "
                            + RolloutProgress.waveAwaitingApproval(last).orElse("?")
                            + ": `flotilla rollout approve " + id + "` lets it go on");
                    yield ExitCodes.NOT_YET;
                }
                case ENDED -> ended(last, id, out);
            };
        } finally {
            out.flush();
        }
    }

    private static int ended(JsonNode last, String id, PrintWriter out) {
        if (RolloutProgress.succeeded(last)) {
            out.println("rollout " + id + " completed");
            return ExitCodes.OK;
        }
        out.println("rollout " + id + " ended " + RolloutProgress.state(last));
        String failures = RolloutProgress.failures(last);
        if (!failures.isEmpty()) {
            out.print("failures:\n" + failures);
        }
        return ExitCodes.FAILED;
    }
}
