package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.coordinator.access.Role;
import dev.flotilla.coordinator.api.auth.Caller;
import dev.flotilla.coordinator.plan.PlanFileException;
import dev.flotilla.coordinator.plan.RolloutPlan;
import dev.flotilla.coordinator.plan.RolloutPlanParser;
import dev.flotilla.coordinator.rollout.RolloutActionRefused;
import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.service.RolloutActions;
import dev.flotilla.coordinator.service.RolloutService;
import dev.flotilla.model.wire.Direction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Starts rollouts, shows their progress, and takes operators' actions on them. Who acts is the
 * authenticated caller ({@link Caller}), recorded with every action; reading needs {@code viewer},
 * acting {@code operator}, approving {@code approver}, and a plan going down is a rollback ({@code admin}).
 */
@Path("/api/rollouts")
@RolesAllowed("viewer")
public class RolloutResource {

    private final RolloutService rollouts;
    private final RolloutActions actions;
    private final CatalogService catalog;
    private final RolloutViews views;
    private final Caller caller;

    public RolloutResource(
            RolloutService rollouts,
            RolloutActions actions,
            CatalogService catalog,
            RolloutViews views,
            Caller caller) {
        this.rollouts = rollouts;
        this.actions = actions;
        this.catalog = catalog;
        this.views = views;
        this.caller = caller;
    }

    @POST
    @RolesAllowed("operator")
    public RestResponse<RolloutView> start(JsonNode body) {
        return views.start(startable(plan(body, catalog), caller), caller.name());
    }

    /**
     * The plan, unless the caller is no admin and it goes down (a rollback) or allows irreversible steps
     * (an override, which an up plan's automatic rollback would use).
     */
    static RolloutPlan startable(RolloutPlan plan, Caller caller) {
        if (plan.direction() == Direction.DOWN) {
            caller.require(Role.ADMIN, "a plan going down (a rollback)");
        }
        if (plan.allowIrreversible()) {
            caller.require(Role.ADMIN, "allowIrreversible (an override)");
        }
        return plan;
    }

    /** The plan in a request body, or a 400 naming the field at fault. */
    static RolloutPlan plan(JsonNode body, CatalogService catalog) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest(null, "the request body must be a JSON object: a plan (docs/plan-files.md)");
        }
        try {
            return RolloutPlanParser.parse(body, catalog.catalog(), catalog.releases());
        } catch (PlanFileException e) {
            throw ApiProblem.badRequest(e.field(), e.problem());
        }
    }

    @GET
    @Path("/{id}")
    public RolloutView get(@PathParam("id") String id) {
        return view(uuid(id));
    }

    /**
     * The {@code limit} most recent rollouts (50 unless given, at most 1000), newest first; only those
     * in {@code state} when given (case does not matter).
     */
    @GET
    public List<RolloutView> recent(
            @QueryParam("state") String state, @QueryParam("limit") @DefaultValue("50") String limit) {
        int count = QueryParams.integer("limit", limit, 1, 1000, "limit must be between 1 and 1000");
        return views.recent(state == null ? null : state(state), count);
    }

    private static RolloutState state(String text) {
        for (RolloutState state : RolloutState.values()) {
            if (state != RolloutState.UNKNOWN && state.name().equalsIgnoreCase(text.strip())) {
                return state;
            }
        }
        throw ApiProblem.badRequest(
                "state", "state must be one of running, paused, halted, completed, cancelled, got '" + text + "'");
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed("operator")
    public RolloutView pause(@PathParam("id") String id, JsonNode body) {
        return act(id, () -> actions.pause(uuid(id), caller.name(), ActionFields.reason(body)));
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed("operator")
    public RolloutView resume(@PathParam("id") String id, JsonNode body) {
        return act(id, () -> actions.resume(uuid(id), caller.name(), ActionFields.reason(body)));
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed("operator")
    public RolloutView cancel(@PathParam("id") String id, JsonNode body) {
        return act(id, () -> actions.cancel(uuid(id), caller.name(), ActionFields.reason(body)));
    }

    @POST
    @Path("/{id}/approve")
    @RolesAllowed("approver")
    public RolloutView approve(@PathParam("id") String id, JsonNode body) {
        return act(
                id,
                () -> actions.approve(
                        uuid(id),
                        ActionFields.wave(body),
                        caller.name(),
                        ActionFields.reason(body),
                        ActionFields.confirm(body)));
    }

    @POST
    @Path("/{id}/tenants/{tenant}/retry")
    @RolesAllowed("operator")
    public RolloutView retry(@PathParam("id") String id, @PathParam("tenant") String tenant, JsonNode body) {
        return act(id, () -> actions.retry(uuid(id), tenant, caller.name(), ActionFields.reason(body)));
    }

    @POST
    @Path("/{id}/tenants/{tenant}/skip")
    @RolesAllowed("operator")
    public RolloutView skip(@PathParam("id") String id, @PathParam("tenant") String tenant, JsonNode body) {
        String reason = ActionFields.reason(body);
        if (reason == null) {
            throw ApiProblem.badRequest("reason", "a skip needs a reason: {\"reason\": \"…\"}");
        }
        return act(id, () -> actions.skip(uuid(id), tenant, caller.name(), reason));
    }

    private RolloutView act(String id, Runnable action) {
        try {
            action.run();
        } catch (RolloutActionRefused e) {
            throw ApiProblem.of(e);
        }
        return view(uuid(id));
    }

    /** The rollout id of a path, or a 404 naming it. */
    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("no rollout " + id);
        }
    }

    private RolloutView view(UUID id) {
        return views.view(id);
    }
}
