package dev.flotilla.agent.tenants;

import dev.flotilla.agent.AgentConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One reactive connection pool per tenant database, made on first use. A fleet of one database per
 * tenant must not keep a connection open to each of them: a connection idle in its pool for
 * {@code tenant-pool.idle-timeout} is closed, and a pool left without connections and not asked for one
 * for {@code tenant-pool.evict-after} is closed and forgotten ({@link #evictIdle}, every few seconds).
 * Every connection has TCP keepalive, the session settings of {@link TenantSessionOptions} and the
 * password and TLS of {@link TenantCredentials}, which are never logged or sent anywhere.
 */
@ApplicationScoped
public class TenantPools {

    private static final Logger LOGGER = Logger.getLogger(TenantPools.class);

    private final AgentConfig config;
    private final TenantCredentials credentials;
    private final Vertx vertx;
    private final Clock clock;
    private final int maxSize;
    private final Duration evictAfter;
    private final Map<String, Entry> pools = new ConcurrentHashMap<>();
    private final long sweeper;

    /** A pool and when it was last asked for. */
    private record Entry(Pool pool, Instant lastAsked) {}

    @Inject
    public TenantPools(AgentConfig config, TenantCredentials credentials, Vertx vertx, Clock clock) {
        this.config = config;
        this.credentials = credentials;
        this.vertx = vertx;
        this.clock = clock;
        this.maxSize = config.tenantPool().maxSize().orElse(config.capacity() + 2);
        if (maxSize < 2) {
            throw new IllegalArgumentException("flotilla.agent.tenant-pool.max-size must be at least 2 (a session and"
                    + " a cancel of its statement), was " + maxSize);
        }
        this.evictAfter = config.tenantPool().evictAfter();
        long every = Math.clamp(evictAfter.toMillis() / 4, 1_000L, 60_000L);
        this.sweeper = vertx.setPeriodic(every, ignored -> evictIdle());
    }

    public Pool pool(String database) {
        Instant now = clock.instant();
        return pools.compute(database, (name, entry) -> new Entry(entry == null ? create(name) : entry.pool(), now))
                .pool();
    }

    /** How many pools are open. */
    public int open() {
        return pools.size();
    }

    /**
     * Closes the pools that have no connection (idle ones are closed by the pool itself) and were not
     * asked for since {@code evict-after}. A caller asks for its pool just before it takes a connection,
     * so a pool in use is never evicted.
     */
    void evictIdle() {
        Instant before = clock.instant().minus(evictAfter);
        for (String database : pools.keySet()) {
            Entry evicted = evictIfIdle(database, before);
            if (evicted != null) {
                LOGGER.debugf("tenant pool closed database=%s", database);
                evicted.pool().close().subscribe().with(ok -> {}, e -> LOGGER.warnf("tenant pool not closed: %s", e));
            }
        }
    }

    private Entry evictIfIdle(String database, Instant before) {
        Entry[] evicted = new Entry[1];
        pools.computeIfPresent(database, (name, entry) -> {
            if (entry.lastAsked().isBefore(before) && entry.pool().size() == 0) {
                evicted[0] = entry;
                return null;
            }
            return entry;
        });
        return evicted[0];
    }

    private Pool create(String database) {
        AgentConfig.Postgres pg = config.postgres();
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(pg.host())
                .setPort(pg.port())
                .setDatabase(database)
                .setUser(pg.user())
                .setPassword(credentials.password())
                .setReconnectAttempts(2)
                .setReconnectInterval(500)
                .setTcpKeepAlive(config.tenantSession().tcpKeepAlive())
                .addProperty("application_name", "flotilla-agent-" + config.id());
        TenantSessionOptions.of(config.tenantSession()).forEach(connect::addProperty);
        credentials.secure(connect);
        PoolOptions options = new PoolOptions()
                .setMaxSize(maxSize)
                .setIdleTimeout(
                        Math.toIntExact(config.tenantPool().idleTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        return PgBuilder.pool().with(options).connectingTo(connect).using(vertx).build();
    }

    @PreDestroy
    void close() {
        vertx.cancelTimer(sweeper);
        pools.values().forEach(entry -> entry.pool().close().await().indefinitely());
    }
}
