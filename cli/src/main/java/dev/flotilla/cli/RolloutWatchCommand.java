package dev.flotilla.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Follows a rollout live, a line whenever its progress changes, until it ends; through approval gates
 * too, since someone may approve meanwhile. The exit status is {@code rollout start --wait}'s.
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = "Follow a rollout's progress until it ends: exit 0 when it completes, 1 when it ends"
                + " otherwise, 4 when --timeout passes first.")
public final class RolloutWatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The rollout (or rollback).")
    String id;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop watching after this long (90s, 10m, 2h) and exit 4; the rollout goes on.")
    Duration timeout;

    @Override
    public Integer call() {
        return RolloutFollower.follow(
                FlotillaCli.root(spec).apiClient(), id, spec.commandLine().getOut(), timeout, false);
    }
}
