package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.testkit.Fleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code onBreach: rollback-wave} on the real system (a broker, the packaged coordinator, one agent per
 * site as separate processes), over the test catalog in {@code e2e/src/test/migrations/onbreach} (its
 * README says what each migration is for).
 *
 * <p>Tenants 1–8 are at 0001. Group {@code canary} (1–4) is the first wave, {@code beta} (5–6) the
 * second, the rest (7–8) the last. Tenant 2 has an order without a code, so 0002 fails there before it
 * applied anything; tenant 3 has a code twice, so it applies 0002 and 0003 fails. An operator starts a
 * plan file to 0004 through the command line with a failure budget of one tenant and {@code onBreach:
 * rollback-wave}: the canary breaches it, the rollout halts, and the coordinator rolls the canary back
 * by itself. Odd tenants live at site-a, even ones at site-b.
 */
class OnBreachRollbackIT {

    private static final int TENANTS = 8;
    private static final List<Integer> FLEET =
            IntStream.rangeClosed(1, TENANTS).boxed().toList();
    private static final List<Integer> CANARY = List.of(1, 2, 3, 4);
    private static final List<Integer> LATER_WAVES = List.of(5, 6, 7, 8);
    private static final int NO_CODE = 2;
    private static final int DUPLICATE_CODE = 3;
    /** What the rollout applies to each canary tenant before the breach: tenants 2 and 3 fail. */
    private static final Map<Integer, List<String>> APPLIED = Map.of(
            1,
            List.of("0002", "0003", "0004"),
            NO_CODE,
            List.of(),
            DUPLICATE_CODE,
            List.of("0002"),
            4,
            List.of("0002", "0003", "0004"));

    private static final String OPERATOR = "ops-carol";
    private static final String LABELS = "flotilla.agent.tenants.labels.";
    private static final String PLAN = """
            target: { version: "0004" }
            waves:
              - { name: canary, select: "group=canary" }
              - { name: beta, select: "group=beta" }
              - { name: rest, select: "*" }
            concurrency: { fleet: 4 }
            failureBudget: { count: 1 }
            onBreach: rollback-wave
            """;
    private static final Path MIGRATIONS =
            Path.of(System.getProperty("flotilla.root", "..")).resolve("e2e/src/test/migrations/onbreach");

    @TempDir
    static Path plans;

    private static TestSystem system;
    private static Cli cli;
    private static Map<String, Set<String>> shapesBefore;
    private static Map<String, List<TenantHistory.Row>> historiesBefore;
    /** The plan's rollout, as it stands once its automatic rollback is done. */
    private static JsonNode halted;
    /** That rollback, done. */
    private static JsonNode rollback;
    /** The plan's rollout's id. */
    private static String started;

    @BeforeAll
    static void startSystem() throws Exception {
        system = TestSystem.startTwoSites(
                "onbreach",
                TENANTS,
                MIGRATIONS,
                i -> i > 6 ? Map.of() : Map.of(LABELS + Fleet.tenantId(i) + ".group", i <= 4 ? "canary" : "beta"));
        cli = new Cli(system.api().base()).as(OPERATOR);
        assertThat(system.rollOut(FLEET, "0001", 8)).isEqualTo("COMPLETED");
        system.fleetSql("insert into " + Fleet.tenantId(NO_CODE) + ".orders values (3, null)");
        system.fleetSql("insert into " + Fleet.tenantId(DUPLICATE_CODE) + ".orders values (3, 'A-1')");
        shapesBefore = system.shapes(FLEET);
        historiesBefore = system.histories(FLEET);

        Path plan = Files.writeString(plans.resolve("plan.yaml"), PLAN);
        Cli.Result start = cli.run("rollout", "start", "-f", plan.toString());
        assertThat(start.exitCode()).as(start.output()).isZero();
        Matcher id = Pattern.compile("rollout (\\S+) started").matcher(start.output());
        assertThat(id.find()).as(start.output()).isTrue();
        started = id.group(1);
        JsonNode stopped = system.awaitStopped(started);
        assertThat(stopped.get("rollbacks")).as(stopped.toString()).hasSize(1);
        rollback = system.awaitStopped(stopped.get("rollbacks").get(0).get("id").asText());
        halted = system.api().get("/api/rollouts/" + started);
    }

    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void shouldHaltInTheCanaryAndNeverTouchTheLaterWaves() throws Exception {
        // then the canary breached its budget and the rollout stays halted there
        assertThat(halted.get("state").asText()).as(halted.toString()).isEqualTo("HALTED");
        assertThat(halted.get("currentWave").asText()).isEqualTo("canary");
        assertThat(halted.get("failures").findValuesAsText("tenant"))
                .containsExactlyInAnyOrder(Fleet.tenantId(NO_CODE), Fleet.tenantId(DUPLICATE_CODE));
        assertThat(halted.get("runs").get("pending").asInt()).isEqualTo(LATER_WAVES.size());

        // and the tenants of the later waves have exactly their schema and history from before
        assertThat(system.shapes(LATER_WAVES)).isEqualTo(subset(shapesBefore, LATER_WAVES));
        assertThat(system.histories(LATER_WAVES)).isEqualTo(subset(historiesBefore, LATER_WAVES));
    }

    @Test
    void shouldRollTheCanaryBackAsFlotillaAndComplete() {
        // then the rollback undoes the rollout's canary, started by the coordinator itself
        assertThat(rollback.get("state").asText()).as(rollback.toString()).isEqualTo("COMPLETED");
        assertThat(rollback.get("direction").asText()).isEqualTo("down");
        assertThat(rollback.get("undoes").asText()).isEqualTo(started);
        assertThat(rollback.get("actions").get(0).get("actor").asText()).isEqualTo("flotilla");
        assertThat(rollback.get("actions").get(0).get("action").asText()).isEqualTo("start");

        // and it reverted the canary tenants that applied steps, only them
        assertThat(rollback.get("runs").get("total").asInt()).isEqualTo(3);
        assertThat(rollback.get("runs").get("succeeded").asInt()).isEqualTo(3);
    }

    @Test
    void shouldBringEachCanaryTenantBackToItsSchemaFromBeforeRevertingOnlyWhatItApplied() throws Exception {
        // given the rollout and its rollback
        String forward = started;
        String down = rollback.get("id").asText();

        // then every canary tenant has its schema from before the rollout
        assertThat(system.shapes(CANARY)).isEqualTo(subset(shapesBefore, CANARY));

        // and its history shows what the rollout applied, then the same reverted highest first by
        // flotilla; a tenant that applied nothing has no row of either
        Map<String, List<TenantHistory.Row>> histories = system.histories(CANARY);
        for (int i : CANARY) {
            String tenant = Fleet.tenantId(i);
            List<TenantHistory.Row> before = historiesBefore.get(tenant);
            List<TenantHistory.Row> rows = histories.get(tenant);
            assertThat(rows.subList(0, before.size())).as(tenant).isEqualTo(before);
            List<String> expected = new ArrayList<>();
            APPLIED.get(i).forEach(v -> expected.add(v + " up applied " + forward + " " + OPERATOR));
            APPLIED.get(i).reversed().forEach(v -> expected.add(v + " down applied " + down + " flotilla"));
            assertThat(rows.subList(before.size(), rows.size()))
                    .as("%s: the rows since the rollout started", tenant)
                    .extracting(r ->
                            r.version() + " " + r.direction() + " " + r.state() + " " + r.rollout() + " " + r.actor())
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldShowTheRollbackOnTheHaltedRolloutInTheApiAndTheCommandLine() throws Exception {
        // then the halted rollout links its rollback, for the canary, and says it was rolled back
        String down = rollback.get("id").asText();
        assertThat(halted.get("onBreach").asText()).isEqualTo("rollback-wave");
        assertThat(halted.get("reason").asText())
                .contains("wave canary")
                .endsWith("rolled back automatically by " + down);
        JsonNode link = halted.get("rollbacks").get(0);
        assertThat(List.of(
                        link.get("id").asText(),
                        link.get("wave").asText(),
                        link.get("state").asText()))
                .containsExactly(down, "canary", "COMPLETED");
        JsonNode waves = halted.get("waves");
        assertThat(waves.get(0).path("rollbackAskedAt").asText(null)).isNotNull();
        assertThat(waves.get(1).path("rollbackAskedAt").asText(null)).isNull();
        List<String> trail = new ArrayList<>();
        halted.get("actions")
                .forEach(a -> trail.add(
                        a.get("actor").asText() + " " + a.get("action").asText()));
        assertThat(trail).containsSubsequence(OPERATOR + " start", "flotilla halt", "flotilla rollback");

        // and rollout show prints it
        Cli.Result show = cli.run("rollout", "show", started);
        assertThat(show.exitCode()).as(show.output()).isZero();
        assertThat(show.output()).contains("rolled back:  by " + down + " (wave canary, COMPLETED)");
    }

    private static <T> Map<String, T> subset(Map<String, T> byTenant, List<Integer> tenants) {
        return byTenant.entrySet().stream()
                .filter(e -> tenants.stream().map(Fleet::tenantId).anyMatch(e.getKey()::equals))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
