package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.api.ApiProblem;
import dev.flotilla.coordinator.api.CatalogResources;
import dev.flotilla.coordinator.api.DeadLetterResource;
import dev.flotilla.coordinator.api.MatrixResource;
import dev.flotilla.coordinator.api.RolloutResource;
import dev.flotilla.coordinator.api.RolloutView;
import dev.flotilla.coordinator.api.auth.Caller;
import dev.flotilla.coordinator.matrix.MatrixGroups;
import dev.flotilla.coordinator.matrix.MatrixView;
import dev.flotilla.coordinator.plan.SelectorParser;
import dev.flotilla.coordinator.service.FleetTenants;
import dev.flotilla.coordinator.service.MatrixReads;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
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
@RolesAllowed("viewer")
public class DashboardResource {

    private static final int PAGE_SIZE = 50;

    private final MatrixResource matrix;
    private final CatalogResources catalog;
    private final RolloutResource rollouts;
    private final DeadLetterResource deadLetters;
    private final MatrixReads matrixReads;
    private final FleetTenants tenants;
    private final Caller caller;

    public DashboardResource(
            MatrixResource matrix,
            CatalogResources catalog,
            RolloutResource rollouts,
            DeadLetterResource deadLetters,
            MatrixReads matrixReads,
            FleetTenants tenants,
            Caller caller) {
        this.matrix = matrix;
        this.catalog = catalog;
        this.rollouts = rollouts;
        this.deadLetters = deadLetters;
        this.matrixReads = matrixReads;
        this.tenants = tenants;
        this.caller = caller;
    }

    /**
     * The fleet: counts per migration, the matrix by group, and a page of tenants' rows, of the
     * tenants a selector and a site pick, optionally only those behind a version. A refused query
     * (a bad selector or group, an unknown version) is shown with why, as a 400.
     */
    @GET
    public RestResponse<TemplateInstance> fleet(
            @QueryParam("select") String select,
            @QueryParam("group") String group,
            @QueryParam("site") String site,
            @QueryParam("behind") String behind,
            @QueryParam("page") String page) {
        FleetQuery query = new FleetQuery(select, group, site, behind, pageNumber(page), PAGE_SIZE);
        MatrixResource.SummaryView summary = matrix.summary();
        String latestRelease = latestRelease();
        try {
            if (!query.group().equals(MatrixReads.SITE) && !SelectorParser.isKey(query.group())) {
                throw ApiProblem.badRequest("group", "'" + query.group() + "' is not a label key, nor site");
            }
            List<FleetTenants.Member> selected = CatalogResources.members(tenants, query.select());
            if (query.site() != null) {
                selected = selected.stream()
                        .filter(t -> t.site().equals(query.site()))
                        .toList();
            }
            String version = query.behind() == null ? null : matrix.behindVersion(query.behind());
            MatrixView.Rows rows = matrixReads.rows(selected, version, query.page(), query.size());
            List<MatrixGroups.Group> groups =
                    matrixReads.groups(selected, query.group(), query.select() == null && query.site() == null);
            return RestResponse.ok(Pages.fleet(FleetPage.of(query, latestRelease, summary, rows, groups)));
        } catch (ApiProblem refused) {
            return RestResponse.status(
                    RestResponse.Status.fromStatusCode(refused.status()),
                    Pages.fleet(FleetPage.refused(query, latestRelease, summary, refused.getMessage())));
        }
    }

    /** The version the newest release takes tenants up to (the latest in catalog order); null without releases. */
    private String latestRelease() {
        List<String> versions = matrixReads.versions();
        return catalog.releases().stream()
                .map(CatalogResources.ReleaseView::upTo)
                .max(Comparator.comparingInt(versions::indexOf))
                .orElse(null);
    }

    private static int pageNumber(String page) {
        try {
            return page == null ? 0 : Integer.parseInt(page.strip());
        } catch (NumberFormatException e) {
            return 0;
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
            return Pages.rollout(RolloutPage.of(rollout, caller::has));
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
