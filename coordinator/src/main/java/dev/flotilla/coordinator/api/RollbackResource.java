package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.coordinator.access.Role;
import dev.flotilla.coordinator.api.auth.Caller;
import dev.flotilla.coordinator.plan.RollbackLayout;
import dev.flotilla.coordinator.rollout.RolloutActionRefused;
import dev.flotilla.coordinator.service.RollbackService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rolls a rollout back: {@code POST /api/rollouts/{id}/rollback} with an optional body {@code
 * {"wave": …, "allowIrreversible": true, "reason": …}} starts a rollback rollout (201, its view);
 * with {@code ?dryRun=true} it answers what the rollback would revert (200), changing nothing.
 */
@Path("/api/rollouts/{id}/rollback")
@RolesAllowed("viewer")
public class RollbackResource {

    private final RollbackService rollbacks;
    private final RolloutViews views;
    private final Caller caller;

    public RollbackResource(RollbackService rollbacks, RolloutViews views, Caller caller) {
        this.rollbacks = rollbacks;
        this.views = views;
        this.caller = caller;
    }

    /**
     * What a rollback would do.
     *
     * @param tenants per tenant with something to revert, its steps highest first
     * @param stoppedAbove per tenant an irreversible step stops, that step
     * @param untouched tenants the rollout never changed, left alone
     * @param irreversible per irreversible version, the tenants that would need it reverted
     * @param blockedTenants tenants that are not reverted, with why (a repair first, a later rollout's
     *     version above)
     * @param blocked whether the rollback would be refused
     * @param refusal why; null when it would start
     */
    public record Preview(
            UUID rollout,
            String wave,
            Map<String, List<String>> tenants,
            Map<String, String> stoppedAbove,
            List<String> untouched,
            Map<String, List<String>> irreversible,
            Map<String, String> blockedTenants,
            boolean blocked,
            String refusal) {}

    @POST
    public Response rollback(@PathParam("id") String id, @QueryParam("dryRun") boolean dryRun, JsonNode body) {
        if (!dryRun) {
            caller.require(Role.ADMIN, "a rollback");
        }
        UUID rollout = RolloutResource.uuid(id);
        RollbackService.Request request = new RollbackService.Request(
                ActionFields.wave(body),
                ActionFields.flag(body, "allowIrreversible"),
                caller.name(),
                ActionFields.reason(body),
                ActionFields.confirm(body));
        try {
            if (dryRun) {
                return Response.ok(preview(rollout, request, rollbacks.preview(rollout, request)))
                        .type(MediaType.APPLICATION_JSON)
                        .build();
            }
            UUID started = rollbacks.start(rollout, request);
            return Response.created(URI.create("/api/rollouts/" + started))
                    .entity(views.view(started))
                    .type(MediaType.APPLICATION_JSON)
                    .build();
        } catch (RolloutActionRefused e) {
            throw ApiProblem.of(e);
        }
    }

    private static Preview preview(UUID rollout, RollbackService.Request request, RollbackService.Preview preview) {
        RollbackLayout.Layout layout = preview.layout();
        Map<String, List<String>> tenants = new LinkedHashMap<>();
        Map<String, String> stopped = new LinkedHashMap<>();
        Map<String, String> blockedTenants = new LinkedHashMap<>();
        for (RollbackLayout.Revert revert : layout.reverts()) {
            if (revert.blockedBy() != null) {
                blockedTenants.put(revert.tenant(), revert.blockedBy());
                continue;
            }
            tenants.put(
                    revert.tenant(), revert.steps().stream().map(v -> v.text()).toList());
            if (revert.stoppedAbove() != null) {
                stopped.put(revert.tenant(), revert.stoppedAbove().text());
            }
        }
        Map<String, List<String>> irreversible = new LinkedHashMap<>();
        layout.irreversible().forEach((version, names) -> irreversible.put(version.text(), names));
        return new Preview(
                rollout,
                request.wave().orElse(null),
                tenants,
                stopped,
                layout.untouched(),
                irreversible,
                blockedTenants,
                preview.refusal() != null,
                preview.refusal());
    }
}
