package dev.flotilla.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --wait} and its {@code --timeout}, for the commands that start a rollout. */
public final class WaitOptions {

    @Option(
            names = "--wait",
            description = "Follow the rollout until it ends: exit 0 when it completes, 1 when it ends otherwise,"
                    + " 4 when it holds for an approval (the rollout goes on once approved).")
    boolean await;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "With --wait: stop waiting after this long (90s, 10m, 2h) and exit 4; the rollout" + " goes on.")
    Duration timeout;

    /** Refuses a timeout without {@code --wait}: it would mean nothing. */
    void validate(CommandSpec spec) {
        if (!await && timeout != null) {
            throw new ParameterException(spec.commandLine(), "--timeout goes with --wait");
        }
    }

    /** Follows the rollout when {@code --wait} was given; returns the exit status ({@link ExitCodes}). */
    int follow(ApiClient api, String id, PrintWriter out) {
        return await ? RolloutFollower.follow(api, id, out, timeout, true) : ExitCodes.OK;
    }
}
