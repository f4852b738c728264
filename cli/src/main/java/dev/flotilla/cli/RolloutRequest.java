package dev.flotilla.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/rollouts}, checked before it is sent so that a typo fails at once
 * with the option's name, instead of as a round trip. The coordinator checks again; it is the
 * authority.
 *
 * @param version the target version, digits
 * @param tenants the tenant ids, or null for all tenants
 * @param maxParallel null for the coordinator's default
 */
public record RolloutRequest(String version, List<String> tenants, Integer maxParallel) {

    static final Pattern VERSION = Pattern.compile("^[0-9]+$");
    static final Pattern TENANT = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");
    static final int MAX_PARALLEL_LIMIT = 1000;

    public RolloutRequest {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException(
                    "--to must be a version made of digits, like 0010, not '" + version + "'");
        }
        if (tenants != null) {
            if (tenants.isEmpty()) {
                throw new IllegalArgumentException("--tenants needs at least one tenant id");
            }
            for (String tenant : tenants) {
                if (!TENANT.matcher(tenant).matches()) {
                    throw new IllegalArgumentException("--tenants: '" + tenant + "' is not a tenant id (lower-case"
                            + " letters, digits, '_' and '-', at most 63, starting with a letter or digit)");
                }
            }
            tenants = List.copyOf(tenants);
        }
        if (maxParallel != null && (maxParallel < 1 || maxParallel > MAX_PARALLEL_LIMIT)) {
            throw new IllegalArgumentException("--max-parallel must be between 1 and " + MAX_PARALLEL_LIMIT);
        }
    }

    /** The request as the JSON the API takes. */
    public Map<String, Object> toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", Map.of("version", version));
        body.put("tenants", tenants == null ? "all" : tenants);
        if (maxParallel != null) {
            body.put("maxParallel", maxParallel);
        }
        return body;
    }
}
