package dev.flotilla.coordinator.api;

import dev.flotilla.coordinator.plan.RolloutPlan;
import dev.flotilla.coordinator.rollout.RolloutActionRefused;
import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.coordinator.service.RolloutReads;
import dev.flotilla.coordinator.service.RolloutService;
import dev.flotilla.coordinator.service.UnknownTenantsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/** Starts plans and shows rollouts as the API answers them, for every resource that does. */
@ApplicationScoped
public class RolloutViews {

    private final RolloutService rollouts;
    private final RolloutReads reads;

    public RolloutViews(RolloutService rollouts, RolloutReads reads) {
        this.rollouts = rollouts;
        this.reads = reads;
    }

    /** Starts the plan; {@code 201 Created} with the new rollout. */
    RestResponse<RolloutView> start(RolloutPlan plan, String actor) {
        UUID id;
        try {
            id = rollouts.start(plan, actor);
        } catch (UnknownTenantsException e) {
            throw ApiProblem.badRequest("tenants", e.getMessage());
        } catch (RolloutActionRefused e) {
            throw ApiProblem.of(e);
        }
        return RestResponse.ResponseBuilder.<RolloutView>created(URI.create("/api/rollouts/" + id))
                .entity(view(id))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    /** The rollout with its waves' progress, failures and actions; 404 when unknown. */
    RolloutView view(UUID id) {
        return reads.details(id)
                .map(details -> RolloutView.full(details, details.at()))
                .orElseThrow(() -> ApiProblem.notFound("no rollout " + id));
    }

    /** The {@code limit} most recent rollouts (in {@code state}, when not null), newest first, each with its run counts. */
    List<RolloutView> recent(RolloutState state, int limit) {
        return reads.recent(state, limit).stream()
                .map(summary -> RolloutView.summary(summary.rollout(), summary.runs(), summary.startedBy()))
                .toList();
    }
}
