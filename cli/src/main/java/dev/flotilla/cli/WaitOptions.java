package dev.flotilla.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

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

    /** Whether the command line was valid: a timeout means nothing without --wait. */
    boolean valid() {
        return await || timeout == null;
    }
}
