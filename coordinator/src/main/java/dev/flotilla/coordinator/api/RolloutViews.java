package dev.flotilla.coordinator.api;

import dev.flotilla.coordinator.plan.RolloutPlan;
import dev.flotilla.coordinator.service.RolloutService;
import dev.flotilla.coordinator.service.UnknownTenantsException;
import dev.flotilla.coordinator.store.ActionStore;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RunProgress;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.WaveStore;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/** Starts plans and shows rollouts as the API answers them, for every resource that does. */
@ApplicationScoped
public class RolloutViews {

    private final RolloutService rollouts;
    private final Pool pool;
    private final Clock clock;

    public RolloutViews(RolloutService rollouts, Pool pool, Clock clock) {
        this.rollouts = rollouts;
        this.pool = pool;
        this.clock = clock;
    }

    /** Starts the plan; {@code 201 Created} with the new rollout. */
    RestResponse<RolloutView> start(RolloutPlan plan, String actor) {
        UUID id;
        try {
            id = rollouts.start(plan, actor);
        } catch (UnknownTenantsException e) {
            throw ApiProblem.badRequest("tenants", e.getMessage());
        }
        return RestResponse.ResponseBuilder.<RolloutView>created(URI.create("/api/rollouts/" + id))
                .entity(view(id))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    /** The {@code limit} most recent rollouts, newest first, each with its run counts. */
    List<RolloutView> recent(int limit) {
        return RolloutStore.recent(pool, limit).stream()
                .map(row -> RolloutView.summary(row, RunStore.counts(pool, row.id())))
                .toList();
    }

    /** The rollout with its waves' progress, failures and actions; 404 when unknown. */
    RolloutView view(UUID id) {
        RolloutStore.RolloutRow row =
                RolloutStore.find(pool, id).orElseThrow(() -> ApiProblem.notFound("no rollout " + id));
        List<RolloutView.Failure> failures = RunProgress.failures(pool, id).entrySet().stream()
                .map(e -> new RolloutView.Failure(e.getKey(), e.getValue()))
                .toList();
        RolloutView.Details details = new RolloutView.Details(
                WaveStore.waves(pool, id),
                RunStore.countsByWave(pool, id),
                RunProgress.stepsLeftByWave(pool, id),
                RunProgress.secondsPerStep(pool, id),
                failures,
                ActionStore.actions(pool, id));
        return RolloutView.full(row, details, clock.instant());
    }
}
