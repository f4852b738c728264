package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.service.RolloutService;
import dev.flotilla.coordinator.service.UnknownTenantsException;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RunStore;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/** Starts rollouts and shows their progress. */
@Path("/api/rollouts")
public class RolloutResource {

    private final RolloutService rollouts;
    private final CatalogService catalog;
    private final Pool pool;

    public RolloutResource(RolloutService rollouts, CatalogService catalog, Pool pool) {
        this.rollouts = rollouts;
        this.catalog = catalog;
        this.pool = pool;
    }

    @POST
    public RestResponse<RolloutView> start(JsonNode body) {
        RolloutRequest request = RolloutRequest.parse(body, catalog.catalog());
        UUID id;
        try {
            id = rollouts.start(request.target(), request.tenants(), request.maxParallel());
        } catch (UnknownTenantsException e) {
            throw ApiProblem.badRequest("tenants", e.getMessage());
        }
        return RestResponse.ResponseBuilder.<RolloutView>created(URI.create("/api/rollouts/" + id))
                .entity(view(id))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    @GET
    @Path("/{id}")
    public RolloutView get(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("no rollout " + id);
        }
        return view(uuid);
    }

    @GET
    public List<RolloutView> recent() {
        return RolloutStore.recent(pool, 50).stream()
                .map(row -> RolloutView.of(row, RunStore.counts(pool, row.id()), null))
                .toList();
    }

    private RolloutView view(UUID id) {
        RolloutStore.RolloutRow row =
                RolloutStore.find(pool, id).orElseThrow(() -> ApiProblem.notFound("no rollout " + id));
        List<RolloutView.Failure> failures = RunStore.failures(pool, id).entrySet().stream()
                .map(e -> new RolloutView.Failure(e.getKey(), e.getValue()))
                .toList();
        return RolloutView.of(row, RunStore.counts(pool, id), failures);
    }
}
