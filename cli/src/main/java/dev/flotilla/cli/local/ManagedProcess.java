package dev.flotilla.cli.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A background process of the local stack, as recorded in {@code state.json}. The start time is
 * kept with the pid so that {@code local down} never signals an unrelated process that got the
 * same pid after a reboot.
 *
 * @param name what it is: {@code postgres}, {@code kafka}, {@code coordinator}, {@code agent-site-1}
 * @param pid the operating system's process id
 * @param startedAtMillis the process start time, epoch milliseconds; 0 when the OS did not say
 * @param log the file its output goes to
 * @param launch how it was started, for {@code local restart}; null in a state written by a CLI
 *     from before restarts existed
 */
public record ManagedProcess(String name, long pid, long startedAtMillis, String log, Launch launch) {

    /** Start times the OS reports for one process differ by its clock-tick rounding at most. */
    private static final long START_TOLERANCE_MILLIS = 1000;

    static ManagedProcess of(String name, ProcessHandle handle, String log, Launch launch) {
        return new ManagedProcess(name, handle.pid(), startOf(handle), log, launch);
    }

    /** The same process, started again as {@code handle}. */
    ManagedProcess startedAgainAs(ProcessHandle handle) {
        return new ManagedProcess(name, handle.pid(), startOf(handle), log, launch);
    }

    private static long startOf(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /**
     * The process, if it still runs and is the one that was started. A zombie (killed, not yet
     * reaped by its parent) does not run.
     */
    public Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(this::sameStart)
                .filter(handle -> !Processes.isZombie(handle.pid()));
    }

    private boolean sameStart(ProcessHandle handle) {
        if (startedAtMillis == 0) {
            return true;
        }
        return handle.info()
                .startInstant()
                .map(start -> Math.abs(start.toEpochMilli() - startedAtMillis) <= START_TOLERANCE_MILLIS)
                .orElse(true);
    }

    /**
     * Asks the process to stop (SIGTERM), and kills it (SIGKILL) if it has not within {@code grace}.
     * Returns whether it was running.
     */
    public boolean stop(Duration grace) {
        Optional<ProcessHandle> handle = live();
        if (handle.isEmpty()) {
            return false;
        }
        Processes.terminate(handle.get(), grace);
        return true;
    }
}
