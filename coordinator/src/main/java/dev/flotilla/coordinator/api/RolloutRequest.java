package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.model.catalog.Catalog;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A validated {@code POST /api/rollouts} body. Parsed by hand from JSON so every refusal names the
 * field it is about.
 *
 * @param tenants empty for every tenant
 */
public record RolloutRequest(Version target, Optional<List<String>> tenants, int maxParallel) {

    static final int DEFAULT_PARALLEL = 8;
    static final int MAX_PARALLEL = 1000;

    public static RolloutRequest parse(JsonNode body, Catalog catalog) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest(null, "the request body must be a JSON object");
        }
        return new RolloutRequest(
                target(body.get("target"), catalog), tenants(body.get("tenants")), parallel(body.get("maxParallel")));
    }

    private static Version target(JsonNode target, Catalog catalog) {
        if (target == null || !target.isObject()) {
            throw ApiProblem.badRequest("target", "target is required, e.g. {\"version\": \"0003\"}");
        }
        JsonNode version = target.get("version");
        if (version == null || !version.isTextual() || !version.asText().matches("[0-9]+")) {
            throw ApiProblem.badRequest("target.version", "target.version must be a version string of digits");
        }
        return catalog.find(Version.of(version.asText()))
                .map(m -> m.version())
                .orElseThrow(() -> ApiProblem.badRequest(
                        "target.version",
                        "version " + version.asText() + " is not in the catalog (latest is "
                                + catalog.latest().map(Version::text).orElse("none") + ")"));
    }

    private static Optional<List<String>> tenants(JsonNode tenants) {
        if (tenants != null && tenants.isTextual() && tenants.asText().equals("all")) {
            return Optional.empty();
        }
        if (tenants == null || !tenants.isArray() || tenants.isEmpty()) {
            throw ApiProblem.badRequest("tenants", "tenants must be \"all\" or a non-empty list of tenant ids");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode tenant : tenants) {
            if (!tenant.isTextual() || !Topics.ID.matcher(tenant.asText()).matches()) {
                throw ApiProblem.badRequest(
                        "tenants", "'" + tenant.asText() + "' is not a tenant id (" + Topics.ID.pattern() + ")");
            }
            if (!ids.contains(tenant.asText())) {
                ids.add(tenant.asText());
            }
        }
        return Optional.of(ids);
    }

    private static int parallel(JsonNode maxParallel) {
        if (maxParallel == null || maxParallel.isNull()) {
            return DEFAULT_PARALLEL;
        }
        if (!maxParallel.canConvertToInt()
                || !maxParallel.isIntegralNumber()
                || maxParallel.asInt() < 1
                || maxParallel.asInt() > MAX_PARALLEL) {
            throw ApiProblem.badRequest("maxParallel", "maxParallel must be an integer between 1 and " + MAX_PARALLEL);
        }
        return maxParallel.asInt();
    }
}
