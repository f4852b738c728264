package dev.flotilla.cli.local;

import dev.flotilla.cli.CliException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the PostgreSQL server of the local stack: the one given with {@code --pg}, else one on
 * {@code 127.0.0.1:5432}, else an embedded one (the testkit's, as a background process with its data
 * in the state directory), so the stack runs on a machine with nothing but a JDK.
 */
final class LocalPostgres {

    static final HostPort DEFAULT = new HostPort("127.0.0.1", 5432);
    static final String PROCESS_NAME = "postgres";

    /** The first start unpacks the PostgreSQL binaries and runs initdb. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final FlotillaHome home;

    LocalPostgres(FlotillaHome home) {
        this.home = home;
    }

    /** The server to use; starts the embedded one when needed and records it in the session. */
    HostPort choose(LocalStackOptions options, StackSession session, PrintWriter out) {
        if (options.pg() != null) {
            HostPort given = options.pg();
            if (!Ports.answers(given.host(), given.port())) {
                throw new CliException("no PostgreSQL answers at " + given + " (--pg)");
            }
            out.println("PostgreSQL: " + given + " (--pg)");
            session.update(s -> s.withPostgres(given, false));
            return given;
        }
        if (!options.embeddedPg() && Ports.answers(DEFAULT.host(), DEFAULT.port())) {
            out.println("PostgreSQL: " + DEFAULT + " (found running)");
            session.update(s -> s.withPostgres(DEFAULT, false));
            return DEFAULT;
        }
        out.println("PostgreSQL: starting an embedded server (the first start takes a while)");
        out.flush();
        HostPort embedded = startEmbedded(session);
        out.println("PostgreSQL: " + embedded + " (embedded)");
        return embedded;
    }

    private HostPort startEmbedded(StackSession session) {
        Path dir = home.stateDir();
        // Chosen here rather than by the server, so that `local restart postgres` listens where the
        // coordinator and the agents were told to connect.
        HostPort server = new HostPort("127.0.0.1", Ports.free());
        List<String> command = List.of(
                Processes.java(),
                "-Xmx128m",
                "-cp",
                home.localLib().resolve("*").toString(),
                "dev.flotilla.testkit.EmbeddedPostgresServer",
                dir.resolve("pg.port").toString(),
                dataDir().toString(),
                Integer.toString(server.port()));
        ManagedProcess process = session.start(
                PROCESS_NAME,
                Processes.launch(command, dir, new Readiness.Listening(server.host(), server.port())),
                dir.resolve("postgres.log"));
        Waits.untilReady(START_TIMEOUT, process, "the embedded PostgreSQL");
        session.update(s -> s.withPostgres(server, true));
        return server;
    }

    Path dataDir() {
        return home.stateDir().resolve("pg-data");
    }

    /**
     * Stops the embedded server's postmaster if it outlived its launcher (a launcher killed with
     * SIGKILL cannot run its shutdown hook).
     */
    void stopOrphanedPostmaster(Duration grace) {
        postmaster().ifPresent(h -> Processes.terminate(h, grace));
    }

    /**
     * Stops an orphaned postmaster and waits until its pid is gone altogether: a new server
     * refuses the data directory while the pid in {@code postmaster.pid} exists, even as a zombie
     * that no parent has reaped yet.
     */
    void awaitNoPostmaster(Duration timeout) {
        stopOrphanedPostmaster(timeout);
        recordedPostmasterPid().ifPresent(pid -> {
            if (!Processes.awaitGone(pid, timeout)) {
                throw new CliException("the previous postmaster (pid " + pid + ") has exited but is not reaped yet;"
                        + " PostgreSQL refuses its data directory until it is: try again in a few seconds");
            }
        });
    }

    /**
     * The embedded server's postmaster, found through the data directory's pid file: a process of
     * its own, which survives a launcher killed with SIGKILL and keeps serving.
     */
    Optional<ProcessHandle> postmaster() {
        return recordedPostmasterPid()
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(h -> !Processes.isZombie(h.pid()))
                .filter(h -> h.info().command().orElse("").contains("postgres"));
    }

    private Optional<Long> recordedPostmasterPid() {
        Path pidFile = dataDir().resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
        } catch (IOException | RuntimeException e) {
            // Unreadable or half-written pid file: the server is gone or exiting.
            return Optional.empty();
        }
    }
}
