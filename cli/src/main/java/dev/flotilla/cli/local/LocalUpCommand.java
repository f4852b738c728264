package dev.flotilla.cli.local;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Starts the local stack and returns once the coordinator lists every tenant; the processes keep
 * running after the CLI exits. A Ctrl-C while it starts stops what was started.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Start a local stack in the background and wait until every tenant is reported.")
public final class LocalUpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LocalStackOptions options;

    @Override
    public Integer call() {
        validate(spec, options);
        PrintWriter out = spec.commandLine().getOut();
        FlotillaHome home = FlotillaHome.locate();
        LocalState state = startInterruptibly(new StackStarter(home, out), options);
        printReady(out, home, state);
        return 0;
    }

    /** Runs {@code up}, stopping what it started if the JVM is asked to exit meanwhile. */
    public static LocalState startInterruptibly(StackStarter starter, LocalStackOptions options) {
        Thread hook = new Thread(starter::abort, "flotilla-local-up-abort");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return starter.up(options);
        } finally {
            removeHook(hook);
        }
    }

    public static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook.
        }
    }

    public static void validate(CommandSpec spec, LocalStackOptions options) {
        try {
            options.validate();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static void printReady(PrintWriter out, FlotillaHome home, LocalState state) {
        out.println();
        out.println("Flotilla is up.");
        out.println("  API:    " + state.api() + "   (try: flotilla status)");
        out.println("  token:  " + LocalToken.file(home.stateDir())
                + "   (admin; the CLI uses it by itself, the dashboard asks for it)");
        out.println("  logs:   " + home.stateDir().resolve("*.log"));
        out.println("  Kafka:  " + state.kafkaBootstrap() + ",  PostgreSQL: " + state.postgres()
                + (state.embeddedPostgres() ? " (embedded)" : ""));
        out.println("  stop:   flotilla local down [--purge]");
        out.flush();
    }
}
