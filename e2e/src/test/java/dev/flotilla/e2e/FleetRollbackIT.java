package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.testkit.Fleet;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rollbacks on the real system (a broker, the packaged coordinator, one agent per site as separate
 * processes), over the test catalog in {@code e2e/src/test/migrations/rollback} (its README says what
 * each migration is for). One system, two scenarios on disjoint tenants, all of which start at 0001:
 *
 * <ul>
 *   <li>tenants 1–30: a rollout to 0003, two tenants at a time, rolled back while it runs;
 *   <li>tenants 31–36: a rollout to 0005 over the irreversible 0004 (31–33 apply 0002–0005, 34–36 were
 *       at 0004 already and apply 0005 only), whose rollback is refused, then allowed to stop above
 *       0004.
 * </ul>
 *
 * Odd tenants live at site-a, even ones at site-b.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetRollbackIT {

    private static final int TENANTS = 36;
    private static final List<Integer> RUNNING_FLEET =
            IntStream.rangeClosed(1, 30).boxed().toList();
    private static final List<Integer> FRESH = List.of(31, 32, 33);
    private static final List<Integer> AT_0004 = List.of(34, 35, 36);
    private static final Path MIGRATIONS =
            Path.of(System.getProperty("flotilla.root", "..")).resolve("e2e/src/test/migrations/rollback");

    private static TestSystem system;
    private static Api api;

    @BeforeAll
    static void startSystem() throws Exception {
        system = TestSystem.startTwoSites("rollback", TENANTS, MIGRATIONS, i -> Map.of());
        system.fleetSql("create table public.step_log (tenant text not null, version text not null,"
                + " direction text not null, started_at timestamptz not null, finished_at timestamptz)");
        api = system.api();
        assertThat(system.rollOut(IntStream.rangeClosed(1, TENANTS).boxed().toList(), "0001", 8))
                .isEqualTo("COMPLETED");
    }

    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void shouldStopTheRolloutAndRevertExactlyWhatItAppliedWhenRolledBackWhileRunning() throws Exception {
        // given 30 tenants at 0001, and a rollout to 0003 (two slow steps) two tenants at a time
        Map<String, Set<String>> before = system.shapes(RUNNING_FLEET);
        String forward = system.startRollout(RUNNING_FLEET, "0003", 2);
        await("a few tenants done, most not reached yet")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/rollouts/" + forward)
                                .get("runs")
                                .get("succeeded")
                                .asInt()
                        >= 3);

        // when it is rolled back while it runs
        JsonNode started = api.post("/api/rollouts/" + forward + "/rollback", "{\"reason\": \"bad release\"}", 201);
        String rollback = started.get("id").asText();
        JsonNode cancelled = api.get("/api/rollouts/" + forward);

        // then the rollout is cancelled at once, its pending tenants with it
        assertThat(cancelled.get("state").asText()).as(cancelled.toString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("runs").get("pending").asInt()).isZero();
        assertThat(started.get("direction").asText()).isEqualTo("down");
        assertThat(started.get("undoes").asText()).isEqualTo(forward);
        int reverted = started.get("runs").get("total").asInt();
        assertThat(reverted)
                .as("the rollback reverts the tenants the rollout reached, and it was stopped mid-way")
                .isBetween(3, RUNNING_FLEET.size() - 1);

        // and when both have stopped
        JsonNode done = system.awaitStopped(rollback);
        JsonNode stopped = system.awaitStopped(forward);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("runs").get("succeeded").asInt()).isEqualTo(reverted);
        assertThat(stopped.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(stopped.get("runs").get("cancelled").asInt())
                .as("every tenant the rollout had not reached when it was rolled back was cancelled, never dispatched")
                .isGreaterThanOrEqualTo(RUNNING_FLEET.size() - reverted);
        assertThat(stopped.get("actions").findValuesAsText("action")).contains("cancel", "rollback");

        // then each tenant has exactly its schema from before, and its history says why
        List<String> reached = new ArrayList<>();
        try (Connection c = system.pg().connect(system.fleetDb())) {
            for (int i : RUNNING_FLEET) {
                String tenant = Fleet.tenantId(i);
                assertThat(SchemaShape.of(c, tenant)).as(tenant).isEqualTo(before.get(tenant));
                List<TenantHistory.Row> rows = TenantHistory.rows(c, tenant);
                List<String> up = TenantHistory.versions(rows, forward, "up");
                List<String> down = TenantHistory.versions(rows, rollback, "down");
                assertThat(rows).as(tenant).allMatch(r -> r.state().equals("applied"));
                assertThat(reversed(down))
                        .as("%s: the rollback reverted, highest first, exactly what the rollout applied", tenant)
                        .isEqualTo(up);
                if (up.isEmpty()) {
                    assertThat(rows)
                            .as("%s was never reached: neither the rollout nor the rollback contacted it", tenant)
                            .allMatch(r -> !forward.equals(r.rollout()) && !rollback.equals(r.rollout()));
                } else {
                    reached.add(tenant);
                }
            }
        }
        assertThat(reached.size()).isBetween(3, reverted);
        assertStepsNeverOverlapped(reached, forward, rollback);
        await("matrix settled").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (JsonNode tenant : api.get("/api/tenants")) {
                if (tenantNumber(tenant.get("id").asText()) <= RUNNING_FLEET.size()) {
                    assertThat(tenant.get("currentVersion").asText())
                            .as(tenant.toString())
                            .isEqualTo("0001");
                }
            }
        });
    }

    @Test
    @Order(2)
    void shouldRefuseARollbackOverAnIrreversibleStepAndStopAboveItWhenAllowed() throws Exception {
        // given tenants 34-36 at 0004 and 31-33 at 0001, all rolled out to 0005
        assertThat(system.rollOut(AT_0004, "0004", 4)).isEqualTo("COMPLETED");
        List<Integer> tenants = new ArrayList<>(FRESH);
        tenants.addAll(AT_0004);
        Map<String, Set<String>> before = system.shapes(tenants);
        String forward = system.startRollout(tenants, "0005", 6);
        assertThat(system.awaitStopped(forward).get("state").asText()).isEqualTo("COMPLETED");
        Map<String, List<TenantHistory.Row>> rolledOut = system.histories(tenants);

        // when a rollback is previewed
        JsonNode preview = api.post("/api/rollouts/" + forward + "/rollback?dryRun=true", "{}", 200);

        // then it names the irreversible step and the tenants that would need it reverted
        assertThat(preview.get("blocked").asBoolean()).as(preview.toString()).isTrue();
        assertThat(preview.get("irreversible").toString())
                .isEqualTo("{\"0004\":[\"tenant_0031\",\"tenant_0032\",\"tenant_0033\"]}");
        assertThat(preview.get("refusal").asText()).contains("0004 has no down script");
        for (int i : AT_0004) {
            assertThat(preview.get("tenants").get(Fleet.tenantId(i)).toString()).isEqualTo("[\"0005\"]");
        }

        // and the command line's dry run says the same, failing while it is refused
        Cli cli = new Cli(api.base());
        Cli.Result dryRun = cli.run("rollback", "--rollout", forward, "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.output()).isEqualTo(1);
        assertThat(dryRun.output())
                .contains(
                        "irreversible 0004 (no down script) blocks: [\"tenant_0031\",\"tenant_0032\",\"tenant_0033\"]")
                .contains("tenant_0034: revert 0005")
                .contains("refused: ");
        Cli.Result allowed = cli.run("rollback", "--rollout", forward, "--dry-run", "--allow-irreversible");
        assertThat(allowed.exitCode()).as(allowed.output()).isZero();
        assertThat(allowed.output()).contains("tenant_0031: revert 0005 (stops above 0004, irreversible)");

        // when it is asked for without allowing the irreversible step
        JsonNode refused = api.post("/api/rollouts/" + forward + "/rollback", "{}", 409);

        // then it is refused and nothing is dispatched: no rollback exists, no tenant's history changed
        assertThat(refused.get("detail").asText()).contains("0004", "tenant_0031", "allowIrreversible");
        assertThat(rollbacksOf(forward)).isEmpty();
        assertThat(system.histories(tenants)).isEqualTo(rolledOut);

        // when an admin allows it
        JsonNode started = api.post(
                "/api/rollouts/" + forward + "/rollback",
                "{\"allowIrreversible\": true, \"reason\": \"bad 0005\"}",
                201);
        String rollback = started.get("id").asText();
        JsonNode done = system.awaitStopped(rollback);

        // then every tenant reverted 0005 only; 31-33 stop above 0004, and the rollback says so for each
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("runs").get("succeeded").asInt()).isEqualTo(tenants.size());
        assertThat(rollbacksOf(forward)).containsExactly(rollback);
        for (JsonNode view : List.of(started, done)) {
            Map<String, String> notes = new HashMap<>();
            view.path("notes")
                    .forEach(n ->
                            notes.put(n.get("tenant").asText(), n.get("message").asText()));
            assertThat(notes)
                    .as(view.toString())
                    .containsOnlyKeys(FRESH.stream().map(Fleet::tenantId).toList());
            assertThat(notes.values()).allMatch(m -> m.contains("stops above 0004"));
        }
        Set<String> at0004 = before.get(Fleet.tenantId(AT_0004.getFirst()));
        try (Connection c = system.pg().connect(system.fleetDb())) {
            for (int i : tenants) {
                String tenant = Fleet.tenantId(i);
                assertThat(SchemaShape.of(c, tenant)).as(tenant).isEqualTo(at0004);
                List<TenantHistory.Row> rows = TenantHistory.rows(c, tenant);
                assertThat(rows.subList(0, rolledOut.get(tenant).size()))
                        .as(tenant)
                        .isEqualTo(rolledOut.get(tenant));
                assertThat(rows.subList(rolledOut.get(tenant).size(), rows.size()))
                        .as("%s: the rollback's rows, and nothing else since the rollout", tenant)
                        .extracting(r -> r.version() + " " + r.direction() + " " + r.state() + " " + r.rollout())
                        .containsExactly("0005 down applied " + rollback);
                assertThat(TenantHistory.latestDirections(c, tenant))
                        .as(tenant)
                        .isEqualTo(Map.of(
                                "0001", "up applied",
                                "0002", "up applied",
                                "0003", "up applied",
                                "0004", "up applied",
                                "0005", "down applied"));
            }
        }
        assertThat(at0004).doesNotContain("column items.legacy_code", "column items.price_cents");
        assertThat(at0004).contains("column items.sku", "index items_sku_idx");
    }

    /**
     * For each tenant the rollout reached, the step log its migrations wrote shows every up step it ran
     * (those the rollout applied) finished before its first down step (those the rollback applied)
     * started: no tenant ever ran an up and a down step at the same time.
     */
    private static void assertStepsNeverOverlapped(List<String> reached, String forward, String rollback)
            throws SQLException {
        Map<String, List<Interval>> log = new HashMap<>();
        try (Connection c = system.pg().connect(system.fleetDb());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select tenant, version, direction, started_at, finished_at from public.step_log")) {
            while (rs.next()) {
                assertThat(rs.getTimestamp(5))
                        .as("step %s %s finished", rs.getString(1), rs.getString(2))
                        .isNotNull();
                log.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Interval(
                                rs.getString(2),
                                rs.getString(3),
                                rs.getTimestamp(4).toInstant(),
                                rs.getTimestamp(5).toInstant()));
            }
        }
        try (Connection c = system.pg().connect(system.fleetDb())) {
            for (int i : RUNNING_FLEET) {
                String tenant = Fleet.tenantId(i);
                List<Interval> steps = log.getOrDefault(tenant, List.of());
                List<TenantHistory.Row> rows = TenantHistory.rows(c, tenant);
                assertThat(steps.stream().filter(Interval::up).map(Interval::version))
                        .as("%s: the up steps that ran are those its history shows applied", tenant)
                        .containsExactlyInAnyOrderElementsOf(TenantHistory.versions(rows, forward, "up"));
                assertThat(steps.stream().filter(step -> !step.up()).map(Interval::version))
                        .as("%s: the down steps that ran are those its history shows reverted", tenant)
                        .containsExactlyInAnyOrderElementsOf(TenantHistory.versions(rows, rollback, "down"));
                if (reached.contains(tenant)) {
                    Instant lastUp = steps.stream()
                            .filter(Interval::up)
                            .map(Interval::finished)
                            .max(Instant::compareTo)
                            .orElseThrow();
                    Instant firstDown = steps.stream()
                            .filter(step -> !step.up())
                            .map(Interval::started)
                            .min(Instant::compareTo)
                            .orElseThrow();
                    assertThat(firstDown)
                            .as("%s: first down step vs last up step", tenant)
                            .isAfterOrEqualTo(lastUp);
                }
            }
        }
    }

    /** One step as the tenant's database saw it run. */
    private record Interval(String version, String direction, Instant started, Instant finished) {
        boolean up() {
            return direction.equals("up");
        }
    }

    /** The ids of the rollbacks of {@code rollout}, as the list of recent rollouts shows them. */
    private static List<String> rollbacksOf(String rollout) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode r : api.get("/api/rollouts")) {
            if (rollout.equals(r.path("undoes").asText(null))) {
                ids.add(r.get("id").asText());
            }
        }
        return ids;
    }

    private static List<String> reversed(List<String> versions) {
        return new ArrayList<>(versions).reversed();
    }

    private static int tenantNumber(String tenant) {
        return Integer.parseInt(tenant.replaceAll("\\D", ""));
    }
}
