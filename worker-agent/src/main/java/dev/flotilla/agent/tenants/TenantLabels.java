package dev.flotilla.agent.tenants;

import dev.flotilla.agent.AgentConfig;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Each tenant's labels (such as {@code group=beta}, {@code tier=gold}), reported with its inventory so
 * rollouts can select tenants by them: from the optional label query, then from the configuration,
 * which wins. The query's result is kept for {@code rediscover-interval}.
 */
@ApplicationScoped
public class TenantLabels {

    private final Map<String, Map<String, String>> configured;
    private final Optional<String> query;
    private final Optional<String> database;
    private final TenantPools pools;
    private final Duration maxAge;
    private final Clock clock;
    private Map<String, Map<String, String>> queried = Map.of();
    private Instant queriedAt = Instant.MIN;

    public TenantLabels(AgentConfig config, TenantPools pools, Clock clock) {
        this.configured = config.tenants().labels();
        this.query = config.tenants().labelQuery();
        this.database = config.tenants().database();
        this.pools = pools;
        this.maxAge = config.tenants().rediscoverInterval();
        this.clock = clock;
        if (query.isPresent() && database.isEmpty()) {
            throw new IllegalArgumentException(
                    "flotilla.agent.tenants.label-query needs flotilla.agent.tenants.database to run in");
        }
    }

    /** The tenant's labels, sorted by key; empty when it has none. */
    public synchronized Map<String, String> of(String tenant) {
        Map<String, String> labels = new TreeMap<>(fromQuery().getOrDefault(tenant, Map.of()));
        labels.putAll(configured.getOrDefault(tenant, Map.of()));
        return labels;
    }

    private Map<String, Map<String, String>> fromQuery() {
        if (query.isEmpty()) {
            return Map.of();
        }
        Instant now = clock.instant();
        if (Duration.between(queriedAt, now).compareTo(maxAge) >= 0) {
            Map<String, Map<String, String>> fresh = new HashMap<>();
            for (Row row : pools.pool(database.get())
                    .query(query.get())
                    .execute()
                    .await()
                    .indefinitely()) {
                Map<String, String> labels = new HashMap<>();
                for (int column = 1; column < row.size(); column++) {
                    Object value = row.getValue(column);
                    if (value != null) {
                        labels.put(row.getColumnName(column), value.toString());
                    }
                }
                fresh.put(row.getString(0), labels);
            }
            queried = fresh;
            queriedAt = now;
        }
        return queried;
    }
}
