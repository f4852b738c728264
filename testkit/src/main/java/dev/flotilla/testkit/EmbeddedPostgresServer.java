package dev.flotilla.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs an embedded PostgreSQL until killed, for the local stack on machines that have no server.
 * Prints {@code port=N} on standard output once it accepts connections; writes the port to the file
 * given as first argument too.
 */
public final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(
                args.length > 1
                        ? args[1]
                        : Files.createTempDirectory("flotilla-pg").toString());
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }));
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), Integer.toString(pg.getPort()));
        }
        System.out.println("port=" + pg.getPort());
        Thread.currentThread().join();
    }
}
