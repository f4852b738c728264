package dev.flotilla.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs an embedded PostgreSQL until killed, for the local stack on machines that have no server.
 * Arguments: the port file, the data directory, and the port to listen on (optional; without it a
 * free one is chosen). A fixed port lets the local stack start the server again where its clients
 * look for it. Prints {@code port=N} on standard output once it accepts connections; writes the
 * port to the port file too.
 */
public final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(
                args.length > 1
                        ? args[1]
                        : Files.createTempDirectory("flotilla-pg").toString());
        EmbeddedPostgres.Builder builder =
                EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false);
        if (args.length > 2) {
            builder.setPort(Integer.parseInt(args[2]));
        }
        EmbeddedPostgres pg = builder.start();
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
