package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.store.TenantStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet's tenants as operators see and label them. The REST resources read and label tenants
 * here, not in {@code store}, so the API depends on the services only.
 */
@ApplicationScoped
public class FleetTenants {

    /**
     * A tenant; {@code labels} are the effective ones (reported, with operators' overrides on top),
     * sorted by key. {@code agent}, {@code currentVersion} and {@code lastInventoryAt} are null while
     * unknown.
     */
    public record Tenant(
            String id,
            String site,
            String agent,
            Map<String, String> labels,
            String currentVersion,
            boolean dirty,
            Instant lastInventoryAt) {}

    /**
     * An agent as its last heartbeat described it; {@code silentForSeconds} is how long ago that was,
     * by the database's clock, and {@code version} is null when the agent did not say.
     */
    public record Agent(
            String id,
            String site,
            int capacity,
            String version,
            int tenants,
            Instant lastSeen,
            long silentForSeconds) {}

    private final TenantStore tenants;

    public FleetTenants(TenantStore tenants) {
        this.tenants = tenants;
    }

    /** Every tenant, sorted by id. */
    public List<Tenant> list() {
        return tenants.list().stream().map(FleetTenants::tenant).toList();
    }

    public Optional<Tenant> find(String tenant) {
        return tenants.find(tenant).map(FleetTenants::tenant);
    }

    /**
     * Sets operators' label overrides on a tenant: a value sets or replaces the label, null removes it.
     * Returns false when the tenant is unknown.
     */
    public boolean overrideLabels(String tenant, Map<String, String> changes) {
        return tenants.overrideLabels(tenant, changes);
    }

    /** Every agent that ever sent a heartbeat, by site, then id. */
    public List<Agent> agents() {
        return tenants.agents().stream()
                .map(a -> new Agent(
                        a.id(),
                        a.site(),
                        a.capacity(),
                        a.version(),
                        a.tenants(),
                        a.lastSeen(),
                        a.silentFor().toSeconds()))
                .toList();
    }

    private static Tenant tenant(TenantStore.TenantRow row) {
        return new Tenant(
                row.id(),
                row.site(),
                row.agent(),
                row.labels(),
                row.currentVersion(),
                row.dirty(),
                row.lastInventoryAt());
    }
}
