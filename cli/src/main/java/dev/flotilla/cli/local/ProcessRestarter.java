package dev.flotilla.cli.local;

import dev.flotilla.cli.CliException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code local restart NAME}: starts a process of the stack again exactly as {@code local up} did
 * (its recorded {@link Launch}), its output appended to the same log, waits for the readiness
 * check it was started with, and records the new pid. One that still runs is stopped first
 * (SIGTERM, then SIGKILL after {@link StackStopper#GRACE}).
 */
final class ProcessRestarter {

    private final FlotillaHome home;
    private final StateStore store;
    private final PrintWriter out;
    private final Clock clock;

    ProcessRestarter(FlotillaHome home, PrintWriter out, Clock clock) {
        this.home = home;
        this.store = new StateStore(home);
        this.out = out;
        this.clock = clock;
    }

    /** Restarts {@code name} and returns it as started, once ready within {@code timeout}. */
    ManagedProcess restart(String name, Duration timeout) {
        LocalState state = store.recorded();
        ManagedProcess previous = state.process(name);
        Launch launch = previous.launch();
        if (launch == null) {
            throw new CliException(name + " was started by an older flotilla that did not record how;"
                    + " restart the whole stack with `flotilla local down` and `flotilla local up`");
        }
        previous.live().ifPresent(handle -> {
            out.println("stopping " + name + " (pid " + handle.pid() + ")");
            out.flush();
            Processes.terminate(handle, StackStopper.GRACE);
        });
        if (name.equals(LocalPostgres.PROCESS_NAME)) {
            new LocalPostgres(home).awaitNoPostmaster(StackStopper.GRACE);
        }
        Path log = Path.of(previous.log());
        mark(log, name);
        ManagedProcess started = Processes.start(name, launch, log, true);
        store.write(state.withRestarted(started));
        out.println("started " + name + " (pid " + started.pid() + "), waiting for "
                + launch.readiness().describe());
        out.flush();
        Waits.untilReady(timeout, started, name);
        out.println(name + " is ready (pid " + started.pid() + "); its log: " + log);
        out.flush();
        return started;
    }

    /** A line in the log where the restart begins, so the crash and the recovery read apart. */
    private void mark(Path log, String name) {
        String line = "---- flotilla local restart " + name + " at " + clock.instant() + " ----\n";
        try {
            Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + log, e);
        }
    }
}
