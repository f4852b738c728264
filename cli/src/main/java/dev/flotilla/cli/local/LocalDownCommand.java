package dev.flotilla.cli.local;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Stops the local stack. Without {@code --purge} the databases and logs stay, so the next
 * {@code local up} continues where this one stopped.
 */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the local stack.")
public final class LocalDownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--purge",
            description = "Also drop the databases this stack created and delete its state, logs and data.")
    boolean purge;

    @Override
    public Integer call() {
        new StackStopper(FlotillaHome.locate(), spec.commandLine().getOut()).down(purge);
        return 0;
    }
}
