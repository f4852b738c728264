package dev.flotilla.cli.local;

import dev.flotilla.cli.CliException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code local kill NAME}: a crash on demand. SIGKILL, so the process runs no shutdown hook,
 * flushes nothing and commits nothing more, as when a host dies. Killing the embedded PostgreSQL
 * kills its postmaster too, which otherwise outlives its launcher and keeps serving.
 */
final class ProcessKiller {

    /** A SIGKILLed process is gone in milliseconds; an orphan's zombie is reaped within seconds. */
    static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final FlotillaHome home;
    private final PrintWriter out;

    ProcessKiller(FlotillaHome home, PrintWriter out) {
        this.home = home;
        this.out = out;
    }

    /** Kills {@code name}; a process that no longer runs is reported and left alone. */
    void kill(String name) {
        ManagedProcess process = new StateStore(home).recorded().process(name);
        Optional<ProcessHandle> handle = process.live();
        if (handle.isEmpty()) {
            out.println(name + " (pid " + process.pid() + ") is not running; nothing was killed");
        } else {
            killNow(name, handle.get());
        }
        if (name.equals(LocalPostgres.PROCESS_NAME)) {
            new LocalPostgres(home).postmaster().ifPresent(postmaster -> killNow("its postmaster", postmaster));
        }
        out.flush();
    }

    private void killNow(String what, ProcessHandle handle) {
        if (!Processes.kill(handle, KILL_WAIT)) {
            throw new CliException("sent SIGKILL to " + what + " (pid " + handle.pid() + "), but it still runs after "
                    + KILL_WAIT.toSeconds() + "s");
        }
        out.println("killed " + what + " (pid " + handle.pid() + ") with SIGKILL");
    }
}
