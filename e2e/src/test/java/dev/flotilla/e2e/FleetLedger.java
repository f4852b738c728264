package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a fault test asserts after the dust settles, read from the tenants' own history tables: every
 * tenant at its target, no (tenant, version, direction) applied twice, and the coordinator's matrix
 * saying what the history tables say.
 */
final class FleetLedger {

    private final TestSystem system;

    FleetLedger(TestSystem system) {
        this.system = system;
    }

    /**
     * Each of {@code tenants} has exactly the up steps {@code versions} applied, each in one history
     * row, no row in another state, and each step took effect once ({@link FaultFixture#effects}).
     */
    void assertAppliedOnce(List<String> tenants, List<String> versions) throws Exception {
        Map<String, Map<String, Integer>> effects = FaultFixture.effects(system);
        try (Connection c = system.pg().connect(system.fleetDb())) {
            for (String tenant : tenants) {
                List<TenantHistory.Row> rows = TenantHistory.rows(c, tenant);
                assertThat(rows)
                        .as("%s: every history row is an applied up step", tenant)
                        .allSatisfy(row -> {
                            assertThat(row.direction()).isEqualTo("up");
                            assertThat(row.state()).isEqualTo("applied");
                        });
                assertThat(rows.stream().map(TenantHistory.Row::version).toList())
                        .as("%s: each version applied once, in order (history rows)", tenant)
                        .containsExactlyElementsOf(versions);
                Map<String, Integer> once = new TreeMap<>();
                versions.forEach(v -> once.put(v, 1));
                assertThat(new TreeMap<>(effects.getOrDefault(tenant, Map.of())))
                        .as("%s: each step's SQL took effect once", tenant)
                        .isEqualTo(once);
            }
        }
    }

    /** No (tenant, version, direction) of {@code tenants} has two applied history rows. */
    void assertNothingAppliedTwice(List<String> tenants) throws Exception {
        try (Connection c = system.pg().connect(system.fleetDb())) {
            for (String tenant : tenants) {
                Map<String, Integer> applied = new TreeMap<>();
                for (TenantHistory.Row row : TenantHistory.rows(c, tenant)) {
                    if (row.state().equals("applied")) {
                        applied.merge(row.version() + " " + row.direction(), 1, Integer::sum);
                    }
                }
                assertThat(applied.values()).as("%s: %s", tenant, applied).allMatch(n -> n == 1);
            }
        }
    }

    /**
     * Waits until the coordinator's matrix (the API) shows, for every catalog version of each of {@code
     * tenants}, the state its history table implies: APPLIED for an applied up row, DIRTY for a step
     * left running or dirty, PENDING for no row or a reverted one.
     */
    void assertMatrixMatchesHistory(List<String> tenants, List<String> versions) {
        await("matrix equals the history tables")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(matrix(tenants, versions)).isEqualTo(fromHistory(tenants, versions)));
    }

    private Map<String, Map<String, String>> fromHistory(List<String> tenants, List<String> versions) throws Exception {
        Map<String, Map<String, String>> expected = new TreeMap<>();
        try (Connection c = system.pg().connect(system.fleetDb())) {
            for (String tenant : tenants) {
                Map<String, String> latest = TenantHistory.latestDirections(c, tenant);
                Map<String, String> cells = new TreeMap<>();
                for (String version : versions) {
                    cells.put(version, cellOf(latest.get(version)));
                }
                expected.put(tenant, cells);
            }
        }
        return expected;
    }

    /** The cell state a version's latest history row ("up applied", "up running", …; null: none) implies. */
    private static String cellOf(String latest) {
        if (latest == null || latest.startsWith("down ")) {
            return "PENDING";
        }
        return latest.equals("up applied") ? "APPLIED" : "DIRTY";
    }

    private Map<String, Map<String, String>> matrix(List<String> tenants, List<String> versions) throws Exception {
        Map<String, Map<String, String>> cells = new TreeMap<>();
        for (String tenant : tenants) {
            Map<String, String> byVersion = new TreeMap<>();
            versions.forEach(v -> byVersion.put(v, "PENDING"));
            for (JsonNode cell :
                    system.api().get("/api/matrix?size=1000&tenant=" + tenant).get("items")) {
                byVersion.put(cell.get("version").asText(), cell.get("state").asText());
            }
            cells.put(tenant, byVersion);
        }
        return cells;
    }

    /** How many rows of each state {@code tenant}'s history has for {@code version}. */
    Map<String, Integer> states(String tenant, String version) throws Exception {
        Map<String, Integer> states = new HashMap<>();
        try (Connection c = system.pg().connect(system.fleetDb())) {
            for (TenantHistory.Row row : TenantHistory.rows(c, tenant)) {
                if (row.version().equals(version)) {
                    states.merge(row.direction() + " " + row.state(), 1, Integer::sum);
                }
            }
        }
        return states;
    }
}
