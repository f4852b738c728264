package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.service.PlanPreview;
import dev.flotilla.coordinator.service.RolloutService;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * Plans: {@code ?dryRun=true} previews what a plan would do now, changing nothing; without it the plan
 * starts, as {@code POST /api/rollouts} does.
 */
@Path("/api/plans")
public class PlanResource {

    private final RolloutService rollouts;
    private final RolloutResource starter;
    private final CatalogService catalog;

    public PlanResource(RolloutService rollouts, RolloutResource starter, CatalogService catalog) {
        this.rollouts = rollouts;
        this.starter = starter;
        this.catalog = catalog;
    }

    @POST
    public Response submit(
            JsonNode body, @QueryParam("dryRun") boolean dryRun, @HeaderParam(RolloutResource.ACTOR) String actor) {
        if (dryRun) {
            PlanPreview preview = rollouts.preview(RolloutResource.plan(body, catalog));
            return Response.ok(preview).build();
        }
        return starter.start(body, actor).toResponse();
    }
}
