package dev.flotilla.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.logging.Logger;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server for this JVM's tests: a PostgreSQL container when {@link TestInfrastructure}
 * asks for containers; else {@code FLOTILLA_TEST_PG} ({@code host:port}, user
 * {@code FLOTILLA_TEST_PG_USER}, default {@code postgres}) or {@code 127.0.0.1:5432} when a server
 * answers there, else an embedded PostgreSQL started once and stopped when the JVM exits.
 */
public final class TestPostgres {

    private static final Logger LOGGER = Logger.getLogger(TestPostgres.class.getName());
    private static PgServer server;

    private TestPostgres() {}

    public static synchronized PgServer server() {
        if (server == null) {
            server = locate();
        }
        return server;
    }

    /** The image of the PostgreSQL container ({@link TestInfrastructure.Kind#CONTAINERS}). */
    static final String IMAGE = "postgres:15";

    private static PgServer locate() {
        if (TestInfrastructure.kind() == TestInfrastructure.Kind.CONTAINERS) {
            return startContainer();
        }
        String configured = System.getenv().getOrDefault("FLOTILLA_TEST_PG", "127.0.0.1:5432");
        String user = System.getenv().getOrDefault("FLOTILLA_TEST_PG_USER", "postgres");
        String password = System.getenv().getOrDefault("FLOTILLA_TEST_PG_PASSWORD", "");
        String host = configured.substring(0, configured.lastIndexOf(':'));
        int port = Integer.parseInt(configured.substring(configured.lastIndexOf(':') + 1));
        if (answers(host, port)) {
            LOGGER.info(() -> "using PostgreSQL at " + host + ":" + port);
            return new PgServer(host, port, user, password);
        }
        LOGGER.info(() -> "no PostgreSQL at " + host + ":" + port + ", starting an embedded one");
        return startEmbedded();
    }

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static PgServer startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        LOGGER.info(
                () -> "using a PostgreSQL container at " + container.getHost() + ":" + container.getFirstMappedPort());
        return new PgServer(
                container.getHost(), container.getFirstMappedPort(), container.getUsername(), container.getPassword());
    }

    private static PgServer startEmbedded() {
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException e) {
                    LOGGER.warning("embedded PostgreSQL did not stop: " + e.getMessage());
                }
            }));
            return new PgServer("127.0.0.1", embedded.getPort(), "postgres", "");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start an embedded PostgreSQL", e);
        }
    }
}
