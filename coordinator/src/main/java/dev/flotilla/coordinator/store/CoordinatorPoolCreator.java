package dev.flotilla.coordinator.store;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Builds the coordinator's reactive pool as Quarkus configured it, with the two waits Quarkus has no
 * property for bounded: opening a TCP connection to the database ({@code flotilla.db.connect-timeout};
 * the client's default is a minute) and waiting for a connection from the pool, which also covers a
 * server that accepts the connection but never completes its start-up ({@code flotilla.db.acquire-timeout}).
 * Statement and idle-in-transaction timeouts are the server's, set on every connection it opens through
 * {@code quarkus.datasource.reactive.additional-properties} (application.properties).
 */
@Singleton
public class CoordinatorPoolCreator implements PgPoolCreator {

    private static final Logger LOGGER = Logger.getLogger(CoordinatorPoolCreator.class);

    private final Duration connectTimeout;
    private final Duration acquireTimeout;

    public CoordinatorPoolCreator(
            @ConfigProperty(name = "flotilla.db.connect-timeout") Duration connectTimeout,
            @ConfigProperty(name = "flotilla.db.acquire-timeout") Duration acquireTimeout) {
        this.connectTimeout = connectTimeout;
        this.acquireTimeout = acquireTimeout;
    }

    @Override
    @SuppressWarnings("deprecation") // Quarkus expects a PgPool from a creator
    public Pool create(Input input) {
        List<PgConnectOptions> databases = input.pgConnectOptionsList();
        databases.forEach(options -> options.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis())));
        PoolOptions pool = input.poolOptions()
                .setConnectionTimeout(Math.toIntExact(acquireTimeout.toMillis()))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        LOGGER.infof(
                "database pool connectTimeout=%s acquireTimeout=%s properties=%s",
                connectTimeout, acquireTimeout, databases.getFirst().getProperties());
        return PgPool.pool(input.vertx(), databases, pool);
    }
}
