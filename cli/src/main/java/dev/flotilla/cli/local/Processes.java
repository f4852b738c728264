package dev.flotilla.cli.local;

import dev.flotilla.cli.CliException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Starting and stopping the local stack's processes. Background processes run in their own
 * session ({@code setsid}, where it exists), read no terminal and write only to their log, so they
 * outlive the CLI and a Ctrl-C in the terminal does not reach them.
 */
final class Processes {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final File NO_INPUT = new File("/dev/null");
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 50;

    private Processes() {}

    /** The java launcher of the JVM running the CLI: it is known to be new enough. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * How to start {@code command} in the background from {@code workDir}: in a session of its
     * own, with its temporary files in the stack's state and only the environment the stack passes
     * on. The result is recorded and run as it is, by {@code local up} and {@code local restart}.
     */
    static Launch launch(List<String> command, Path workDir, Readiness readiness) {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // Not a process group leader, so setsid execs in place and the pid stays the java one.
            full.add(SETSID.toString());
        }
        full.addAll(command);
        if (command.getFirst().equals(java())) {
            // Temporary files (Vert.x's file cache, Kafka's) go with the stack's state, removed by down --purge.
            full.add(full.indexOf(java()) + 1, "-Djava.io.tmpdir=" + tempDir(workDir));
        }
        return new Launch(
                full, ChildEnvironment.ofThisProcess(), workDir.toAbsolutePath().toString(), readiness);
    }

    /**
     * Starts {@code launch} exactly as recorded, its output going to {@code log}: a new file, or
     * with {@code append} the end of the existing one (a restart keeps what came before it).
     */
    static ManagedProcess start(String name, Launch launch, Path log, boolean append) {
        ProcessBuilder builder = new ProcessBuilder(launch.command())
                .directory(new File(launch.workDir()))
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .redirectOutput(
                        append
                                ? ProcessBuilder.Redirect.appendTo(log.toFile())
                                : ProcessBuilder.Redirect.to(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(launch.env());
        try {
            Process process = builder.start();
            return ManagedProcess.of(name, process.toHandle(), log.toString(), launch);
        } catch (IOException e) {
            throw new CliException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    private static Path tempDir(Path workDir) {
        Path tmp = workDir.toAbsolutePath().resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new CliException("cannot create " + tmp + ": " + e.getMessage(), e);
        }
        return tmp;
    }

    /**
     * Runs {@code command} to its end and returns its standard output; its standard error is
     * appended to {@code log}. Fails when it exits non-zero or takes longer than {@code timeout}.
     */
    static String run(String name, List<String> command, Path workDir, Path log, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CliException(name + " did not finish within " + timeout.toSeconds() + "s; see " + log);
            }
            if (process.exitValue() != 0) {
                Files.writeString(log, output, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                throw new CliException(name + " failed (exit " + process.exitValue() + "):\n" + tail(log, 20));
            }
            return output;
        } catch (IOException e) {
            throw new CliException("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while running " + name);
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL and wait for the process to be gone. */
    static void terminate(ProcessHandle handle, Duration grace) {
        handle.destroy();
        if (!awaitExit(handle, grace)) {
            handle.destroyForcibly();
            awaitExit(handle, KILL_WAIT);
        }
    }

    /**
     * SIGKILL, then waits up to {@code timeout} until the process no longer runs: gone, or a
     * zombie its parent has not reaped yet (this machine's init reaps orphans seconds later).
     * Returns whether it stopped running in time.
     */
    static boolean kill(ProcessHandle handle, Duration timeout) {
        handle.destroyForcibly();
        return pollUntil(() -> !handle.isAlive() || isZombie(handle.pid()), timeout);
    }

    /** Waits up to {@code timeout} until no process has {@code pid}, not even a zombie; returns whether none has. */
    static boolean awaitGone(long pid, Duration timeout) {
        return pollUntil(() -> ProcessHandle.of(pid).isEmpty(), timeout);
    }

    private static boolean pollUntil(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Whether {@code pid} has exited but not been reaped ({@code Z} in {@code /proc/PID/stat}). */
    static boolean isZombie(long pid) {
        try {
            return isZombieStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Reads the state field of a {@code /proc/PID/stat} line: after the command in parentheses. */
    static boolean isZombieStat(String stat) {
        int end = stat.lastIndexOf(')');
        return end >= 0 && stat.substring(end + 1).strip().startsWith("Z");
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last {@code lines} lines of a log, indented, for error messages. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return last.isEmpty() ? "  (" + log + " is empty)" : "  " + String.join("\n  ", last);
        } catch (IOException e) {
            return "  (" + log + " cannot be read: " + e.getMessage() + ")";
        }
    }
}
