package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.api.ApiProblem;
import dev.flotilla.coordinator.api.CatalogResources;
import dev.flotilla.coordinator.api.DeadLetterResource;
import dev.flotilla.coordinator.api.MatrixResource;
import dev.flotilla.coordinator.api.RolloutResource;
import dev.flotilla.coordinator.api.RolloutView;
import dev.flotilla.coordinator.matrix.MatrixGroups;
import dev.flotilla.coordinator.plan.SelectorParser;
import dev.flotilla.coordinator.service.FleetTenants;
import dev.flotilla.coordinator.service.MatrixReads;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The dashboard, served at {@code /}: the fleet's matrix, rollouts, a tenant, agents and dead
 * letters, each page built from what the REST API answers (the same resources, so the same checks
 * and errors). Pages refresh their live part when {@link LiveUpdates} says something changed; their
 * buttons call the API itself (dashboard.js).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {

    private static final String PAGE_SIZE = "50";

    private final MatrixResource matrix;
    private final CatalogResources catalog;
    private final RolloutResource rollouts;
    private final DeadLetterResource deadLetters;
    private final MatrixReads matrixReads;

    public DashboardResource(
            MatrixResource matrix,
            CatalogResources catalog,
            RolloutResource rollouts,
            DeadLetterResource deadLetters,
            MatrixReads matrixReads) {
        this.matrix = matrix;
        this.catalog = catalog;
        this.rollouts = rollouts;
        this.deadLetters = deadLetters;
        this.matrixReads = matrixReads;
    }

    /** The fleet: counts per migration, the matrix by group, and a page of tenants' rows. */
    @GET
    public TemplateInstance fleet(
            @QueryParam("select") String select,
            @QueryParam("group") @DefaultValue(MatrixReads.SITE) String group,
            @QueryParam("behind") String behind,
            @QueryParam("page") @DefaultValue("0") int page) {
        String key = group.isBlank() ? MatrixReads.SITE : group.strip();
        FleetPage.Query query =
                new FleetPage.Query(select, key, behind, Math.max(0, page), Integer.parseInt(PAGE_SIZE));
        MatrixResource.SummaryView summary = matrix.summary();
        List<FleetPage.Summary> counts = FleetPage.summary(summary.migrations(), summary.tenants());
        try {
            if (!key.equals(MatrixReads.SITE) && !SelectorParser.isKey(key)) {
                throw ApiProblem.badRequest("group", "'" + key + "' is not a label key, nor site");
            }
            List<FleetTenants.Tenant> selected = catalog.tenants(select);
            MatrixResource.RowsView rows =
                    matrix.rows(select, behind, Integer.toString(query.page()), Integer.toString(query.size()));
            List<MatrixGroups.Group> groups = matrixReads.groups(selected, key);
            long shown = (long) (query.page() + 1) * query.size();
            return Pages.fleet(new FleetPage(
                    query,
                    null,
                    summary.tenants(),
                    rows.versions(),
                    counts,
                    groups.stream()
                            .limit(FleetPage.GROUPS_SHOWN)
                            .map(g -> FleetPage.group(g, rows.versions(), query))
                            .toList(),
                    Math.max(0, groups.size() - FleetPage.GROUPS_SHOWN),
                    rows.items().stream()
                            .map(r -> FleetPage.tenant(r, rows.versions()))
                            .toList(),
                    rows.total(),
                    query.page() > 0 ? query.at(query.page() - 1) : null,
                    shown < rows.total() ? query.at(query.page() + 1) : null,
                    FleetPage.stateLegend()));
        } catch (ApiProblem refused) {
            return Pages.fleet(new FleetPage(
                    query,
                    refused.getMessage(),
                    summary.tenants(),
                    List.of(),
                    counts,
                    List.of(),
                    0,
                    List.of(),
                    0,
                    null,
                    null,
                    FleetPage.stateLegend()));
        }
    }

    /** The most recent rollouts, in one state when asked. */
    @GET
    @Path("rollouts")
    public RestResponse<TemplateInstance> rollouts(@QueryParam("state") String state) {
        String shown = state == null || state.isBlank() ? null : state.strip();
        return page(() -> Pages.rollouts(
                rollouts.recent(shown, "100"),
                shown,
                List.of("running", "paused", "halted", "completed", "cancelled")));
    }

    @GET
    @Path("rollouts/{id}")
    public RestResponse<TemplateInstance> rollout(@PathParam("id") String id) {
        return page(() -> {
            RolloutView rollout = rollouts.get(id);
            return Pages.rollout(RolloutPage.of(rollout));
        });
    }

    @GET
    @Path("tenants/{tenant}")
    public RestResponse<TemplateInstance> tenant(@PathParam("tenant") String tenant) {
        return page(() -> Pages.tenant(TenantPage.of(catalog.tenant(tenant, "50"))));
    }

    @GET
    @Path("agents")
    public TemplateInstance agents() {
        return Pages.agents(catalog.agents());
    }

    @GET
    @Path("dead-letters")
    public TemplateInstance deadLetters() {
        return Pages.deadLetters(deadLetters.recent("200", null));
    }

    /** The page, or the API's refusal (an unknown rollout or tenant) as a page with its status. */
    private static RestResponse<TemplateInstance> page(Supplier<TemplateInstance> page) {
        try {
            return RestResponse.ok(page.get());
        } catch (ApiProblem refused) {
            return RestResponse.status(
                    RestResponse.Status.fromStatusCode(refused.status()),
                    Pages.problem(refused.status(), refused.getMessage()));
        }
    }
}
