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
 */
public record ManagedProcess(String name, long pid, long startedAtMillis, String log) {

    /** Start times the OS reports for one process differ by its clock-tick rounding at most. */
    private static final long START_TOLERANCE_MILLIS = 1000;

    static ManagedProcess of(String name, ProcessHandle handle, String log) {
        long started = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new ManagedProcess(name, handle.pid(), started, log);
    }

    /** The process, if it still runs and is the one that was started. */
    public Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::sameStart);
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
