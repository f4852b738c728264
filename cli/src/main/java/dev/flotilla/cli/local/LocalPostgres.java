package dev.flotilla.cli.local;

import dev.flotilla.cli.CliException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        Path portFile = dir.resolve("pg.port");
        try {
            Files.deleteIfExists(portFile);
        } catch (IOException e) {
            throw new CliException("cannot delete " + portFile + ": " + e.getMessage());
        }
        List<String> command = List.of(
                Processes.java(),
                "-Xmx128m",
                "-cp",
                home.localLib().resolve("*").toString(),
                "dev.flotilla.testkit.EmbeddedPostgresServer",
                portFile.toString(),
                dataDir().toString());
        ManagedProcess process =
                session.register(Processes.startDetached(PROCESS_NAME, command, dir, dir.resolve("postgres.log")));
        Waits.until(START_TIMEOUT, process, "the embedded PostgreSQL", () -> readPort(portFile) > 0);
        HostPort server = new HostPort("127.0.0.1", readPort(portFile));
        session.update(s -> s.withPostgres(server, true));
        return server;
    }

    Path dataDir() {
        return home.stateDir().resolve("pg-data");
    }

    private static int readPort(Path portFile) {
        try {
            return Integer.parseInt(Files.readString(portFile).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Stops the embedded server's postmaster if it outlived its launcher (a launcher killed with
     * SIGKILL cannot run its shutdown hook), found through the data directory's pid file.
     */
    void stopOrphanedPostmaster(Duration grace) {
        Path pidFile = dataDir().resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().orElse("").contains("postgres"))
                    .ifPresent(h -> Processes.terminate(h, grace));
        } catch (IOException | RuntimeException e) {
            // Unreadable or half-written pid file: the server is gone or exiting.
        }
    }
}
