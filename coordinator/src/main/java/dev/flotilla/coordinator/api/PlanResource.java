package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.coordinator.access.Role;
import dev.flotilla.coordinator.api.auth.Caller;
import dev.flotilla.coordinator.plan.RolloutPlan;
import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.service.PlanPreview;
import dev.flotilla.coordinator.service.RolloutService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * Plans: {@code ?dryRun=true} previews what a plan would do now, changing nothing; without it the plan
 * starts, as {@code POST /api/rollouts} does.
 */
@Path("/api/plans")
@RolesAllowed("viewer")
public class PlanResource {

    private final RolloutService rollouts;
    private final RolloutViews views;
    private final CatalogService catalog;
    private final Caller caller;

    public PlanResource(RolloutService rollouts, RolloutViews views, CatalogService catalog, Caller caller) {
        this.rollouts = rollouts;
        this.views = views;
        this.catalog = catalog;
        this.caller = caller;
    }

    /** A preview needs {@code viewer}; starting needs what {@code POST /api/rollouts} needs. */
    @POST
    public Response submit(JsonNode body, @QueryParam("dryRun") boolean dryRun) {
        if (!dryRun) {
            caller.require(Role.OPERATOR, "starting a plan");
        }
        RolloutPlan plan = RolloutResource.plan(body, catalog);
        if (dryRun) {
            PlanPreview preview = rollouts.preview(plan);
            return Response.ok(preview).build();
        }
        return views.start(RolloutResource.startable(plan, caller), caller.name())
                .toResponse();
    }
}
