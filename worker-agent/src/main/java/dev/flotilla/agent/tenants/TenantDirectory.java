package dev.flotilla.agent.tenants;

import dev.flotilla.agent.AgentConfig;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The tenants this agent serves: databases or schemas listed in its configuration, or the schemas of
 * its database whose names match the pattern. Refreshed periodically, so new tenants are picked up.
 */
@ApplicationScoped
public class TenantDirectory {

    private static final Logger LOGGER = Logger.getLogger(TenantDirectory.class);

    private final AgentConfig config;
    private final TenantPools pools;
    private final Map<String, TenantTarget> tenants = new ConcurrentHashMap<>();

    public TenantDirectory(AgentConfig config, TenantPools pools) {
        this.config = config;
        this.pools = pools;
    }

    /** Re-reads the tenant list; returns the tenants that were not known before. */
    public synchronized List<TenantTarget> refresh() {
        List<TenantTarget> found = config.tenants().database().isPresent() ? schemas() : explicit();
        List<TenantTarget> added = new ArrayList<>();
        for (TenantTarget target : found) {
            if (tenants.putIfAbsent(target.id(), target) == null) {
                added.add(target);
            }
        }
        if (!added.isEmpty()) {
            LOGGER.infof("tenants added count=%d total=%d", added.size(), tenants.size());
        }
        return added;
    }

    /**
     * The tenant, re-reading the tenant list once when it is not known yet: a command may arrive
     * before start-up discovery finished, or for a schema created since the last refresh.
     */
    public Optional<TenantTarget> find(String tenantId) {
        TenantTarget known = tenants.get(tenantId);
        if (known == null) {
            refresh();
            known = tenants.get(tenantId);
        }
        return Optional.ofNullable(known);
    }

    public List<TenantTarget> all() {
        return tenants.values().stream()
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    private List<TenantTarget> explicit() {
        return config.tenants().explicit().entrySet().stream()
                .map(e -> new TenantTarget(e.getKey(), e.getValue(), null))
                .toList();
    }

    private List<TenantTarget> schemas() {
        String database = config.tenants().database().orElseThrow();
        List<String> names = config.tenants().schemas().orElseGet(() -> discover(database));
        List<TenantTarget> found = new ArrayList<>();
        for (String schema : names) {
            try {
                found.add(new TenantTarget(schema, database, schema));
            } catch (IllegalArgumentException e) {
                LOGGER.warnf("schema skipped schema=%s reason=%s", schema, e.getMessage());
            }
        }
        return found;
    }

    private List<String> discover(String database) {
        List<String> found = new ArrayList<>();
        for (Row row : pools.pool(database)
                .preparedQuery("select schema_name from information_schema.schemata where schema_name like $1"
                        + " order by schema_name")
                .execute(Tuple.of(config.tenants().schemaPattern()))
                .await()
                .indefinitely()) {
            found.add(row.getString(0));
        }
        return found;
    }
}
