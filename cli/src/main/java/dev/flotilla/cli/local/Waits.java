package dev.flotilla.cli.local;

import dev.flotilla.cli.CliException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a started process to become useful. A process that dies ends the wait at once with
 * the end of its log, which is nearly always where the reason is; a timeout points at the log too.
 */
final class Waits {

    private static final long POLL_MILLIS = 250;

    private Waits() {}

    /** Waits until {@code process} passes the readiness check it was launched with. */
    static void untilReady(Duration timeout, ManagedProcess process, String what) {
        Readiness readiness = process.launch().readiness();
        until(timeout, process, what + " (" + readiness.describe() + ")", () -> ReadinessProbe.ready(readiness));
    }

    static void until(Duration timeout, ManagedProcess watched, String what, BooleanSupplier ready) {
        until(timeout, List.of(watched), what, ready);
    }

    /** Polls {@code ready} until it holds, one of {@code watched} dies, or {@code timeout} passes. */
    static void until(Duration timeout, List<ManagedProcess> watched, String what, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            for (ManagedProcess process : watched) {
                if (process.live().isEmpty()) {
                    throw new CliException(process.name() + " exited while waiting for " + what + ". End of "
                            + process.log() + ":\n" + Processes.tail(Path.of(process.log()), 30));
                }
            }
            if (System.nanoTime() > deadline) {
                ManagedProcess first = watched.get(0);
                throw new CliException("timed out after " + timeout.toSeconds() + "s waiting for " + what + ". End of "
                        + first.log() + ":\n" + Processes.tail(Path.of(first.log()), 30));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while waiting for " + what);
            }
        }
    }
}
