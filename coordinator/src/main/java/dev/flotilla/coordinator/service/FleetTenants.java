package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.store.TenantStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
     * One run of a tenant: its rollout, direction, steps, how it ended (or where it is), when, and the
     * agent that ran it (null until one started it); {@code seconds} is from its dispatch to its end,
     * null until it ended.
     */
    public record TenantRun(
            UUID run,
            UUID rollout,
            String direction,
            List<String> steps,
            String state,
            String message,
            Instant createdAt,
            Instant dispatchedAt,
            Instant finishedAt,
            Long seconds,
            String agent) {}

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

    /** A tenant as a selection or a grouping sees it: id, site and effective labels. */
    public record Member(String id, String site, Map<String, String> labels) {}

    private final TenantStore tenants;

    public FleetTenants(TenantStore tenants) {
        this.tenants = tenants;
    }

    /** Every tenant, sorted by id. */
    public List<Tenant> list() {
        return tenants.list().stream().map(FleetTenants::tenant).toList();
    }

    /** Every tenant, sorted by id, with only its site and labels: cheap at any fleet size. */
    public List<Member> members() {
        return tenants.members().stream()
                .map(m -> new Member(m.id(), m.site(), m.labels()))
                .toList();
    }

    public Optional<Tenant> find(String tenant) {
        return tenants.find(tenant).map(FleetTenants::tenant);
    }

    /** The tenant's {@code limit} most recent runs, newest first. */
    public List<TenantRun> runs(String tenant, int limit) {
        return tenants.runs(tenant, limit).stream()
                .map(r -> new TenantRun(
                        r.run(),
                        r.rollout(),
                        r.direction().name().toLowerCase(Locale.ROOT),
                        r.steps(),
                        r.state().name(),
                        r.message(),
                        r.createdAt(),
                        r.dispatchedAt(),
                        r.finishedAt(),
                        r.dispatchedAt() == null || r.finishedAt() == null
                                ? null
                                : Duration.between(r.dispatchedAt(), r.finishedAt())
                                        .toSeconds(),
                        r.agent()))
                .toList();
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
