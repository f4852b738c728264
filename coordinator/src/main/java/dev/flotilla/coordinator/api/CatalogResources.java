package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.coordinator.api.auth.Caller;
import dev.flotilla.coordinator.matrix.MatrixView;
import dev.flotilla.coordinator.plan.SelectorException;
import dev.flotilla.coordinator.plan.SelectorParser;
import dev.flotilla.coordinator.plan.TenantSelector;
import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.service.FleetTenants;
import dev.flotilla.coordinator.service.InventoryRefresh;
import dev.flotilla.coordinator.service.MatrixReads;
import dev.flotilla.model.catalog.Version;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/** The catalog and the fleet: migrations, tenants with their labels, inventory refreshes. */
@Path("/api")
@RolesAllowed("viewer")
public class CatalogResources {

    /** A migration as the API shows it. */
    public record MigrationView(
            String version, String name, String checksum, boolean transactional, boolean reversible) {}

    /** What a refresh asked for: every tenant of these sites reports after {@code requestedAt}. */
    public record RefreshView(Instant requestedAt, List<String> sites) {}

    /** One tenant with its cell of every migration (catalog order) and its most recent runs. */
    public record TenantDetails(
            FleetTenants.Tenant tenant, List<MatrixView.Cell> migrations, List<FleetTenants.TenantRun> runs) {}

    /** The cells of one tenant shown: every migration of any catalog this side of absurd. */
    private static final int MIGRATIONS_SHOWN = 1000;

    private final CatalogService catalog;
    private final FleetTenants tenants;
    private final InventoryRefresh refresh;
    private final MatrixReads matrix;
    private final Caller caller;

    public CatalogResources(
            CatalogService catalog, FleetTenants tenants, InventoryRefresh refresh, MatrixReads matrix, Caller caller) {
        this.catalog = catalog;
        this.tenants = tenants;
        this.refresh = refresh;
        this.matrix = matrix;
        this.caller = caller;
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

    /** A release of {@code releases.yaml} as the API shows it; rolling it out takes tenants up to {@code upTo}. */
    public record ReleaseView(
            String name,
            String description,
            List<String> migrations,
            String upTo,
            List<String> breaking,
            String notes) {}

    @GET
    @Path("/releases")
    public List<ReleaseView> releases() {
        return catalog.releases().stream()
                .map(r -> new ReleaseView(
                        r.name(),
                        r.description(),
                        r.migrations().stream().map(Version::text).toList(),
                        r.upTo().text(),
                        r.breaking(),
                        r.notes()))
                .toList();
    }

    /** Every agent that ever sent a heartbeat, by site, then id, with how long it has been silent. */
    @GET
    @Path("/agents")
    public List<FleetTenants.Agent> agents() {
        return tenants.agents();
    }

    /** Every tenant, or those a selector ({@code ?select=group=beta}) matches. */
    @GET
    @Path("/tenants")
    public List<FleetTenants.Tenant> tenants(@QueryParam("select") String select) {
        return selected(tenants, select);
    }

    /**
     * One tenant: what {@code GET /api/tenants} says of it, its cell of every migration, and its
     * {@code runs} (20 unless given, at most 500) most recent runs; 404 for an unknown tenant.
     */
    @GET
    @Path("/tenants/{tenant}")
    public TenantDetails tenant(
            @PathParam("tenant") String tenant, @QueryParam("runs") @DefaultValue("20") String runs) {
        int count = QueryParams.integer("runs", runs, 1, 500, "runs must be between 1 and 500");
        FleetTenants.Tenant found = tenants.find(tenant).orElseThrow(() -> ApiProblem.notFound("no tenant " + tenant));
        return new TenantDetails(
                found, matrix.page(tenant, null, null, 0, MIGRATIONS_SHOWN).items(), tenants.runs(tenant, count));
    }

    /** The tenants a selector expression picks (all when it is blank), or a 400 naming {@code select}. */
    static List<FleetTenants.Tenant> selected(FleetTenants tenants, String select) {
        TenantSelector selector = selector(select);
        return tenants.list().stream()
                .filter(t -> selector.matches(t.id(), t.labels()))
                .toList();
    }

    /**
     * The tenants a selector expression picks (all when it is blank), with only their sites and labels,
     * for a selection or a grouping that needs no more; a 400 naming {@code select} when it is bad.
     */
    public static List<FleetTenants.Member> members(FleetTenants tenants, String select) {
        TenantSelector selector = selector(select);
        return tenants.members().stream()
                .filter(t -> selector.matches(t.id(), t.labels()))
                .toList();
    }

    private static TenantSelector selector(String select) {
        if (select == null || select.isBlank()) {
            return new TenantSelector.Every();
        }
        try {
            return SelectorParser.parse(select);
        } catch (SelectorException e) {
            throw ApiProblem.badRequest("select", "'" + select + "' " + e.getMessage());
        }
    }

    /**
     * Sets or removes labels of a tenant, over what its agent reports: {@code {"group": "beta", "tier":
     * null}} sets {@code group} and removes {@code tier}.
     */
    @PATCH
    @Path("/tenants/{tenant}/labels")
    @RolesAllowed("operator")
    public FleetTenants.Tenant label(@PathParam("tenant") String tenant, JsonNode body) {
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw ApiProblem.badRequest("labels", "the body maps label keys to values, or to null to remove one");
        }
        Map<String, String> changes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            String field = "labels." + label.getKey();
            if (!SelectorParser.isKey(label.getKey())) {
                throw ApiProblem.badRequest(
                        field,
                        "'" + label.getKey()
                                + "' is not a label key (a lower-case letter, then lower-case letters, digits, _ . -)");
            }
            JsonNode value = label.getValue();
            if (!value.isNull() && !(value.isTextual() && SelectorParser.isValue(value.asText()))) {
                throw ApiProblem.badRequest(field, "a label value is letters, digits, _ . - (or null to remove it)");
            }
            changes.put(label.getKey(), value.isNull() ? null : value.asText());
        }
        if (!tenants.overrideLabels(tenant, changes)) {
            throw ApiProblem.notFound("no tenant " + tenant);
        }
        return tenants.find(tenant).orElseThrow(() -> ApiProblem.notFound("no tenant " + tenant));
    }

    /** Asks every site to report all its tenants' inventories again; answers at once. */
    @POST
    @Path("/tenants/refresh")
    @RolesAllowed("operator")
    public RestResponse<RefreshView> refresh() {
        InventoryRefresh.Requested requested = refresh.requestAll(caller.name());
        return RestResponse.accepted(new RefreshView(requested.at(), requested.sites()));
    }
}
