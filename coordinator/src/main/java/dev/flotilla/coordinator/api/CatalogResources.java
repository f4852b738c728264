package dev.flotilla.coordinator.api;

import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.store.TenantStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/** The catalog and the fleet, read-only. */
@Path("/api")
public class CatalogResources {

    /** A migration as the API shows it. */
    public record MigrationView(
            String version, String name, String checksum, boolean transactional, boolean reversible) {}

    private final CatalogService catalog;
    private final TenantStore tenants;

    public CatalogResources(CatalogService catalog, TenantStore tenants) {
        this.catalog = catalog;
        this.tenants = tenants;
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
}
