package dev.flotilla.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.ApiClient;
import dev.flotilla.cli.ApiException;
import dev.flotilla.cli.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides when the local stack is usable: the coordinator answers, and it lists every tenant, which
 * means the agents started, reached the broker and PostgreSQL, and their inventories arrived.
 */
final class StackReadiness {

    private final ApiClient api;
    private final PrintWriter out;

    StackReadiness(ApiClient api, PrintWriter out) {
        this.api = api;
        this.out = out;
    }

    /** Waits for {@code /q/health/ready}, or {@code /api/migrations} where health is not there. */
    void awaitCoordinator(Duration timeout, List<ManagedProcess> watched) {
        Waits.until(timeout, watched, "the coordinator at " + api.base(), () -> {
            int health = api.status("q/health/ready");
            return health == 200 || (health == 404 && api.status("api/migrations") == 200);
        });
    }

    /** Waits until {@code GET /api/tenants} lists all of {@code expected}, printing the count as it grows. */
    void awaitTenants(List<String> expected, Duration timeout, List<ManagedProcess> watched) {
        int[] lastSeen = {-1};
        Waits.until(timeout, watched, "the agents to report all " + expected.size() + " tenants", () -> {
            Set<String> reported = reportedTenants();
            int seen = (int) expected.stream().filter(reported::contains).count();
            if (seen != lastSeen[0]) {
                out.println("  tenants reported: " + seen + "/" + expected.size());
                out.flush();
                lastSeen[0] = seen;
            }
            return seen == expected.size();
        });
    }

    private Set<String> reportedTenants() {
        Set<String> ids = new HashSet<>();
        try {
            for (JsonNode tenant : api.get("api/tenants")) {
                ids.add(Json.text(tenant, "id"));
            }
        } catch (ApiException e) {
            return Set.of();
        }
        return ids;
    }
}
