package dev.flotilla.coordinator.api;

import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.service.InventoryRefresh;
import dev.flotilla.coordinator.store.TenantStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** The catalog and the fleet, read-only. */
@Path("/api")
public class CatalogResources {

    /** A migration as the API shows it. */
    public record MigrationView(
            String version, String name, String checksum, boolean transactional, boolean reversible) {}

    /** What a refresh asked for: every tenant of these sites reports after {@code requestedAt}. */
    public record RefreshView(Instant requestedAt, List<String> sites) {}

    private final CatalogService catalog;
    private final TenantStore tenants;
    private final InventoryRefresh refresh;
    private final Clock clock;

    public CatalogResources(CatalogService catalog, TenantStore tenants, InventoryRefresh refresh, Clock clock) {
        this.catalog = catalog;
        this.tenants = tenants;
        this.refresh = refresh;
        this.clock = clock;
    }

    @GET
    @Path("/migrations")
    public List<MigrationView> migrations() {
        return catalog.catalog().migrations().stream()
                .map(m -> new MigrationView(
                        m.version().text(),
                        m.name(),
                        m.checksum(),
                        m.up().directives().transactional(),
                        m.down().isPresent()))
                .toList();
    }

    @GET
    @Path("/tenants")
    public List<TenantStore.TenantRow> tenants() {
        return tenants.list();
    }

    /** Asks every site to report all its tenants' inventories again; answers at once. */
    @POST
    @Path("/tenants/refresh")
    public RestResponse<RefreshView> refresh() {
        Instant now = clock.instant();
        List<String> sites = refresh.requestAll("api", now);
        return RestResponse.accepted(new RefreshView(now, sites));
    }
}
