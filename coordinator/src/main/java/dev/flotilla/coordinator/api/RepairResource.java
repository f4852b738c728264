package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.coordinator.api.auth.Caller;
import dev.flotilla.coordinator.repair.Repair;
import dev.flotilla.coordinator.repair.RepairRules;
import dev.flotilla.coordinator.rollout.RolloutActionRefused;
import dev.flotilla.coordinator.service.FleetTenants;
import dev.flotilla.coordinator.service.RepairService;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.RepairAction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Repairs and baselines, and their audit. {@code POST /api/tenants/{tenant}/repairs} with {@code
 * {"version", "action", "reason", "confirm"}} and {@code POST /api/baselines} with {@code {"tenants" |
 * "select", "version", "reason", "confirm"}} answer 202: the agent carries the repair out, and {@code
 * GET /api/repairs/{id}} shows how it ended.
 */
@Path("/api")
@RolesAllowed("viewer")
public class RepairResource {

    private static final int LIST_LIMIT = 200;

    /** One repair as the API shows it; {@code message} and {@code finishedAt} are null while requested. */
    public record RepairView(
            UUID id,
            String tenant,
            String version,
            String action,
            String actor,
            String reason,
            String state,
            String message,
            Instant requestedAt,
            Instant finishedAt) {}

    private final RepairService repairs;
    private final FleetTenants tenants;
    private final Caller caller;

    public RepairResource(RepairService repairs, FleetTenants tenants, Caller caller) {
        this.repairs = repairs;
        this.tenants = tenants;
        this.caller = caller;
    }

    @POST
    @Path("/tenants/{tenant}/repairs")
    @RolesAllowed("admin")
    public Response repair(@PathParam("tenant") String tenant, JsonNode body) {
        RepairAction action = action(body);
        Version version = version(body);
        RepairService.Asked asked = asked(body, caller.name());
        try {
            Repair row = repairs.repair(tenant, version, action, asked);
            return Response.accepted(view(row))
                    .location(URI.create("/api/repairs/" + row.id()))
                    .type(MediaType.APPLICATION_JSON)
                    .build();
        } catch (RolloutActionRefused e) {
            throw ApiProblem.of(e);
        }
    }

    @POST
    @Path("/baselines")
    @RolesAllowed("admin")
    public Response baseline(JsonNode body) {
        Version version = version(body);
        RepairService.Asked asked = asked(body, caller.name());
        List<String> chosen = baselineTenants(body);
        try {
            return Response.accepted(repairs.baseline(chosen, version, asked).stream()
                            .map(RepairResource::view)
                            .toList())
                    .type(MediaType.APPLICATION_JSON)
                    .build();
        } catch (RolloutActionRefused e) {
            throw ApiProblem.of(e);
        }
    }

    @GET
    @Path("/repairs/{id}")
    public RepairView find(@PathParam("id") String id) {
        UUID repair = RolloutResource.uuid(id);
        return repairs.find(repair).map(RepairResource::view).orElseThrow(() -> ApiProblem.notFound("no repair " + id));
    }

    /** The newest repairs first, of every tenant or of {@code tenant}. */
    @GET
    @Path("/repairs")
    public List<RepairView> list(@QueryParam("tenant") String tenant) {
        return repairs.latest(tenant == null || tenant.isBlank() ? null : tenant, LIST_LIMIT).stream()
                .map(RepairResource::view)
                .toList();
    }

    @GET
    @Path("/tenants/{tenant}/repairs")
    public List<RepairView> ofTenant(@PathParam("tenant") String tenant) {
        return list(tenant);
    }

    static RepairView view(Repair row) {
        return new RepairView(
                row.id(),
                row.tenant(),
                row.version().text(),
                RepairRules.words(row.action()).substring(2),
                row.actor(),
                row.reason(),
                row.state().name().toLowerCase(Locale.ROOT),
                row.message(),
                row.requestedAt(),
                row.finishedAt());
    }

    private static RepairAction action(JsonNode body) {
        String text = required(body, "action");
        return Arrays.stream(RepairAction.values())
                .filter(a -> a != RepairAction.BASELINE)
                .filter(a -> RepairRules.words(a).substring(2).equals(text))
                .findFirst()
                .orElseThrow(() -> ApiProblem.badRequest(
                        "action",
                        "unknown action '" + text + "'; one of retry, mark-applied, mark-reverted, accept-checksum"));
    }

    private static Version version(JsonNode body) {
        String text = required(body, "version");
        try {
            return Version.of(text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("version", e.getMessage());
        }
    }

    private static RepairService.Asked asked(JsonNode body, String actor) {
        String reason = ActionFields.reason(body);
        if (reason == null) {
            throw ApiProblem.badRequest(
                    "reason", "a repair needs a reason, recorded in the tenant's history and the audit");
        }
        return new RepairService.Asked(actor, reason, ActionFields.confirm(body));
    }

    private List<String> baselineTenants(JsonNode body) {
        JsonNode listed = body.get("tenants");
        String select = ActionFields.text(body, "select").orElse(null);
        if ((listed == null || listed.isNull()) == (select == null)) {
            throw ApiProblem.badRequest(
                    "tenants", "a baseline names its tenants: \"tenants\": [...] or \"select\": \"…\"");
        }
        if (select != null) {
            List<String> chosen = CatalogResources.selected(tenants, select).stream()
                    .map(FleetTenants.Tenant::id)
                    .toList();
            if (chosen.isEmpty()) {
                throw ApiProblem.badRequest("select", "'" + select + "' selects no tenant");
            }
            return chosen;
        }
        if (!listed.isArray() || listed.isEmpty()) {
            throw ApiProblem.badRequest("tenants", "\"tenants\" is a non-empty list of tenant ids");
        }
        List<String> chosen = new ArrayList<>();
        for (JsonNode tenant : listed) {
            if (!tenant.isTextual()) {
                throw ApiProblem.badRequest("tenants", "\"tenants\" is a list of tenant ids, as text");
            }
            chosen.add(tenant.asText());
        }
        return chosen;
    }

    private static String required(JsonNode body, String field) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest(null, "the request body must be a JSON object");
        }
        return ActionFields.text(body, field)
                .orElseThrow(() -> ApiProblem.badRequest(field, "\"" + field + "\" is required"));
    }
}
