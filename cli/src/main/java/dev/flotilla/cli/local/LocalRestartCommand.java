package dev.flotilla.cli.local;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Starts one process of the local stack again with the command line, environment, working
 * directory and log {@code local up} gave it, and waits until it is ready.
 */
@Command(
        name = "restart",
        mixinStandardHelpOptions = true,
        description = "Start a process of the local stack again as `local up` started it, and wait until it is ready.")
public final class LocalRestartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProcessNameParameter process;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "180",
            description = "How long to wait for it to be ready (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        if (timeoutSeconds < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--timeout must be at least 1 second, was " + timeoutSeconds);
        }
        new ProcessRestarter(FlotillaHome.locate(), spec.commandLine().getOut(), Clock.systemUTC())
                .restart(process.name(), Duration.ofSeconds(timeoutSeconds));
        return 0;
    }
}
