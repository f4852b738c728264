package dev.flotilla.agent.tenants;

import dev.flotilla.agent.AgentConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One reactive connection pool per tenant database, made on first use. The credentials come from
 * the agent's configuration and are never logged or sent anywhere.
 */
@ApplicationScoped
public class TenantPools {

    private final AgentConfig config;
    private final Vertx vertx;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    public TenantPools(AgentConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    public Pool pool(String database) {
        return pools.computeIfAbsent(database, this::create);
    }

    private Pool create(String database) {
        AgentConfig.Postgres pg = config.postgres();
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(pg.host())
                .setPort(pg.port())
                .setDatabase(database)
                .setUser(pg.user())
                .setPassword(pg.password().orElse(""))
                .setReconnectAttempts(2)
                .setReconnectInterval(500)
                .addProperty("application_name", "flotilla-agent-" + config.id());
        PoolOptions options = new PoolOptions().setMaxSize(config.capacity() + 2);
        return PgBuilder.pool().with(options).connectingTo(connect).using(vertx).build();
    }

    @PreDestroy
    void close() {
        pools.values().forEach(pool -> pool.close().await().indefinitely());
    }
}
