package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.testkit.Fleet;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Repairs and baselines on the real system (a broker, the packaged coordinator and one agent as
 * separate processes), over the test catalog in {@code e2e/src/test/migrations/repair} (its README
 * says what each migration is for). One system, two scenarios on disjoint tenants:
 *
 * <ul>
 *   <li>tenants 1–6 go to 0001; then 2 and 5 get a duplicate email, and a rollout to 0003 leaves them
 *       dirty at 0002, the unique index built concurrently left invalid, while the others reach 0003.
 *       Tenant 2 is repaired with {@code --retry} through the command line, tenant 5 with {@code
 *       --mark-reverted}; each is then retried in that rollout. These tests run in order on it.
 *   <li>tenants 7–8: schemas made by hand, without history, baselined at 0002, then rolled out to
 *       0003.
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetRepairIT {

    private static final int TENANTS = 8;
    private static final List<Integer> FLEET =
            IntStream.rangeClosed(1, 6).boxed().toList();
    private static final int RETRIED = 2;
    private static final int REVERTED = 5;
    private static final List<Integer> DIRTY = List.of(RETRIED, REVERTED);
    private static final List<Integer> BY_HAND = List.of(7, 8);
    private static final String INDEX = "accounts_email_key";
    private static final String DBA = "dba-alice";
    private static final Path MIGRATIONS =
            Path.of(System.getProperty("flotilla.root", "..")).resolve("e2e/src/test/migrations/repair");

    private static TestSystem system;
    private static Api api;
    private static Cli cli;
    /** The rollout to 0003 that left tenants 2 and 5 dirty. */
    private static String rollout;
    /** That rollout as it stood when it first stopped. */
    private static JsonNode halted;

    @BeforeAll
    static void startSystem() throws Exception {
        system = TestSystem.create("repair");
        List<String> tenants = Fleet.createSchemas(system.pg(), system.fleetDb(), TENANTS);
        system.coordinator(MIGRATIONS);
        system.agent("site-a", tenants, Map.of());
        system.awaitReady(TENANTS);
        api = system.api();
        cli = new Cli(api.base()).as(DBA);
        assertThat(system.rollOut(FLEET, "0001", 4)).isEqualTo("COMPLETED");
        for (int i : DIRTY) {
            system.fleetSql("insert into " + Fleet.tenantId(i) + ".accounts values (3, 'ann@example.com')");
        }
        rollout = system.startRollout(FLEET, "0003", 4);
        halted = system.awaitStopped(rollout);
    }

    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void shouldLeaveTenantsWithDuplicatesDirtyWithAnInvalidIndexWhileTheOthersReachTheTarget() throws Exception {
        // given tenants 2 and 5 with a duplicate email, rolled out to 0003 with the fleet

        // then the rollout tried every tenant and halted on the two it could not take to 0003
        assertThat(halted.get("state").asText()).as(halted.toString()).isEqualTo("HALTED");
        assertThat(halted.get("runs").get("succeeded").asInt()).isEqualTo(FLEET.size() - DIRTY.size());
        assertThat(halted.get("runs").get("failed").asInt()).isEqualTo(DIRTY.size());
        assertThat(halted.get("failures").findValuesAsText("tenant"))
                .containsExactlyInAnyOrderElementsOf(tenantIds(DIRTY));

        // and each of them is dirty at 0002 in its history and the matrix, the index left invalid; the
        // others are at 0003, the index valid
        try (Connection c = connect()) {
            for (int i : FLEET) {
                String tenant = Fleet.tenantId(i);
                boolean dirty = DIRTY.contains(i);
                assertThat(TenantHistory.latestDirections(c, tenant))
                        .as(tenant)
                        .isEqualTo(
                                dirty
                                        ? Map.of("0001", "up applied", "0002", "up dirty")
                                        : Map.of("0001", "up applied", "0002", "up applied", "0003", "up applied"));
                assertThat(List.of(cell(i, "0002"), cell(i, "0003")))
                        .as(tenant)
                        .containsExactly(dirty ? "DIRTY" : "APPLIED", dirty ? "PENDING" : "APPLIED");
                assertThat(index(c, tenant)).as(tenant).map(Index::valid).hasValue(!dirty);
                JsonNode view = tenantView(tenant);
                assertThat(view.get("dirty").asBoolean()).as(view.toString()).isEqualTo(dirty);
                assertThat(view.get("currentVersion").asText())
                        .as(view.toString())
                        .isEqualTo(dirty ? "0001" : "0003");
            }
        }
    }

    @Test
    @Order(2)
    void shouldRefuseToMarkAnInvalidIndexAppliedAndDropAndRebuildItOnRetry() throws Exception {
        // given tenant 2, dirty at 0002 with an invalid index
        String tenant = Fleet.tenantId(RETRIED);
        List<TenantHistory.Row> dirty = history(tenant);
        Index invalid = index(tenant).orElseThrow();

        // when the coordinator is asked to retry a step that is not dirty, it refuses and sends nothing
        JsonNode notDirty = api.post("/api/tenants/" + Fleet.tenantId(1) + "/repairs", repair("retry", "why not"), 409);
        assertThat(notDirty.get("detail").asText()).contains(Fleet.tenantId(1) + " 0002 is applied", "--retry");
        assertThat(api.get("/api/tenants/" + Fleet.tenantId(1) + "/repairs")).isEmpty();

        // when the step is marked applied, the agent refuses: its index is invalid
        Cli.Result marked = cli.run(
                "tenants", "repair", tenant, "--version", "0002", "--mark-applied", "--reason", "it looks done");
        assertThat(marked.exitCode()).as(marked.output()).isEqualTo(1);
        assertThat(marked.output()).contains("refused", "index " + INDEX + " is invalid");
        assertThat(history(tenant)).isEqualTo(dirty);
        assertThat(index(tenant)).hasValue(invalid);
        assertThat(cell(RETRIED, "0002")).isEqualTo("DIRTY");

        // when the duplicate is removed and the step retried
        system.fleetSql("delete from " + tenant + ".accounts where id = 3");
        String reason = "duplicate ann@ removed, ticket OPS-7";
        Cli.Result retried = cli.run("tenants", "repair", tenant, "--version", "0002", "--retry", "--reason", reason);

        // then it succeeded: the invalid index was dropped and built again, valid
        assertThat(retried.exitCode()).as(retried.output()).isZero();
        assertThat(retried.output()).contains("succeeded");
        Index rebuilt = index(tenant).orElseThrow();
        assertThat(rebuilt.valid()).isTrue();
        assertThat(rebuilt.oid()).isNotEqualTo(invalid.oid());

        // and the coordinator's audit says who asked, when, why and how each attempt ended
        JsonNode audit = api.get("/api/tenants/" + tenant + "/repairs");
        assertThat(audit).hasSize(2);
        JsonNode retry = audit.get(0);
        assertThat(retry.get("action").asText()).isEqualTo("retry");
        assertThat(retry.get("state").asText()).isEqualTo("succeeded");
        assertThat(retry.get("actor").asText()).isEqualTo(DBA);
        assertThat(retry.get("reason").asText()).isEqualTo(reason);
        assertThat(retry.get("message").asText()).contains("dropped invalid index " + INDEX);
        assertThat(Instant.parse(retry.get("finishedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(retry.get("requestedAt").asText()));
        JsonNode mark = audit.get(1);
        assertThat(mark.get("action").asText()).isEqualTo("mark-applied");
        assertThat(mark.get("state").asText()).isEqualTo("refused");
        assertThat(mark.get("actor").asText()).isEqualTo(DBA);
        assertThat(mark.get("finishedAt").isNull()).isFalse();
        Cli.Result listed = cli.run("tenants", "repairs", tenant);
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        assertThat(listed.output()).contains(reason, "succeeded", "refused", DBA);

        // and the tenant's history has one new row: the step run again by the repair, after the dirty one
        String repairId = retry.get("id").asText();
        List<TenantHistory.Row> rows = history(tenant);
        assertThat(rows.subList(0, dirty.size())).isEqualTo(dirty);
        assertThat(rows.subList(dirty.size(), rows.size()))
                .extracting(r -> String.join(
                        " ", r.version(), r.direction(), r.state(), r.kind(), r.actor(), r.reason(), r.run()))
                .containsExactly(String.join(" ", "0002 up applied repair", DBA, reason, repairId));

        // and the matrix follows the history: 0002 is applied, the tenant no longer dirty
        await("tenant 2's cell applied")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(cell(RETRIED, "0002")).isEqualTo("APPLIED"));
        assertThat(tenantView(tenant).get("dirty").asBoolean()).isFalse();

        // when the tenant is retried in the rollout, which is resumed
        assertCli("rollout", "retry", rollout, tenant);
        assertCli("rollout", "resume", rollout);
        JsonNode resumed = system.awaitStopped(rollout);

        // then it applied 0003 only, and has the schema of the tenants that never went dirty
        assertThat(resumed.get("runs").get("succeeded").asInt())
                .as(resumed.toString())
                .isEqualTo(FLEET.size() - 1);
        assertThat(resumed.get("failures").findValuesAsText("tenant")).containsExactly(Fleet.tenantId(REVERTED));
        List<TenantHistory.Row> after = history(tenant);
        assertThat(after.subList(rows.size(), after.size()))
                .extracting(r -> r.version() + " " + r.direction() + " " + r.state() + " " + r.rollout())
                .containsExactly("0003 up applied " + rollout);
        assertThat(shape(tenant)).isEqualTo(shape(Fleet.tenantId(1)));
    }

    @Test
    @Order(3)
    void shouldDropTheInvalidIndexWhenMarkedRevertedSoThatARetryInTheRolloutBuildsIt() throws Exception {
        // given tenant 5, dirty at 0002 with an invalid index
        String tenant = Fleet.tenantId(REVERTED);
        List<TenantHistory.Row> dirty = history(tenant);
        String reason = "0002 undone, data to be fixed first";

        // when 0002 is marked reverted through the API
        JsonNode sent = api.postAs(DBA, "/api/tenants/" + tenant + "/repairs", repair("mark-reverted", reason), 202);
        JsonNode ended = awaitRepair(sent);

        // then the agent dropped the invalid index and recorded 0002 not applied, and the matrix follows
        assertThat(ended.get("state").asText()).as(ended.toString()).isEqualTo("succeeded");
        assertThat(index(tenant)).isEmpty();
        List<TenantHistory.Row> rows = history(tenant);
        assertThat(rows.subList(dirty.size(), rows.size()))
                .extracting(
                        r -> String.join(" ", r.version(), r.direction(), r.state(), r.kind(), r.actor(), r.reason()))
                .containsExactly(String.join(" ", "0002 down applied repair", DBA, reason));
        await("tenant 5's cell pending")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(cell(REVERTED, "0002")).isEqualTo("PENDING"));

        // when the duplicate is removed and the tenant retried in the rollout
        system.fleetSql("delete from " + tenant + ".accounts where id = 3");
        api.postAs(DBA, "/api/rollouts/" + rollout + "/tenants/" + tenant + "/retry", "{}");
        api.postAs(DBA, "/api/rollouts/" + rollout + "/resume", "{}");
        JsonNode completed = system.awaitStopped(rollout);

        // then the rollout completed: 0002 and 0003 ran, the index is valid
        assertThat(completed.get("state").asText()).as(completed.toString()).isEqualTo("COMPLETED");
        List<TenantHistory.Row> after = history(tenant);
        assertThat(after.subList(rows.size(), after.size()))
                .extracting(r -> r.version() + " " + r.direction() + " " + r.state() + " " + r.rollout())
                .containsExactly("0002 up applied " + rollout, "0003 up applied " + rollout);
        assertThat(index(tenant)).hasValueSatisfying(x -> assertThat(x.valid()).isTrue());
        assertThat(shape(tenant)).isEqualTo(shape(Fleet.tenantId(1)));
        await("matrix settled").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i : FLEET) {
                assertThat(tenantView(Fleet.tenantId(i)).get("currentVersion").asText())
                        .isEqualTo("0003");
            }
        });
    }

    @Test
    @Order(4)
    void shouldRecordASchemaMadeByHandAsAppliedWhenBaselinedSoThatARolloutAppliesOnlyLaterSteps() throws Exception {
        // given tenants 7 and 8 whose schemas were made by hand as 0001 and 0002 make them, without history
        List<String> tenants = tenantIds(BY_HAND);
        for (String tenant : tenants) {
            system.fleetSql("create table " + tenant + ".accounts (id bigint primary key, email text not null);"
                    + " create unique index " + INDEX + " on " + tenant + ".accounts (email);"
                    + " insert into " + tenant + ".accounts values (7, 'zoe@example.com')");
            assertThat(history(tenant)).as(tenant).isEmpty();
        }
        Set<String> byHand = withoutHistory(shape(tenants.getFirst()));
        assertThat(byHand).contains("table accounts", "valid " + INDEX + " true");
        String reason = "adopted from the legacy tool";

        // when they are baselined at 0002
        JsonNode sent = api.postAs(
                DBA,
                "/api/baselines",
                "{\"tenants\": [\"" + String.join("\", \"", tenants) + "\"], \"version\": \"0002\", \"reason\": \""
                        + reason + "\"}",
                202);

        // then each agent's answer is audited, and each history has baseline rows up to 0002, nothing run
        assertThat(sent.findValuesAsText("tenant")).containsExactlyElementsOf(tenants);
        for (JsonNode repair : sent) {
            JsonNode ended = awaitRepair(repair);
            assertThat(ended.get("action").asText()).isEqualTo("baseline");
            assertThat(ended.get("state").asText()).as(ended.toString()).isEqualTo("succeeded");
            assertThat(ended.get("actor").asText()).isEqualTo(DBA);
            assertThat(ended.get("reason").asText()).isEqualTo(reason);
        }
        for (String tenant : tenants) {
            assertThat(history(tenant))
                    .as(tenant)
                    .extracting(r ->
                            String.join(" ", r.version(), r.direction(), r.state(), r.kind(), r.actor(), r.reason()))
                    .containsExactly(
                            String.join(" ", "0001 up applied baseline", DBA, reason),
                            String.join(" ", "0002 up applied baseline", DBA, reason));
            assertThat(withoutHistory(shape(tenant))).as(tenant).isEqualTo(byHand);
        }

        // and the matrix shows them applied up to 0002
        await("baselined cells applied").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i : BY_HAND) {
                assertThat(List.of(cell(i, "0001"), cell(i, "0002"), cell(i, "0003")))
                        .containsExactly("APPLIED", "APPLIED", "PENDING");
            }
        });

        // when they are rolled out to 0003
        String id = system.startRollout(BY_HAND, "0003", 4);
        JsonNode done = system.awaitStopped(id);

        // then only 0003 ran, and they have the schema of the tenants that ran every step
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        for (String tenant : tenants) {
            assertThat(TenantHistory.versions(history(tenant), id, "up"))
                    .as(tenant)
                    .containsExactly("0003");
            assertThat(shape(tenant)).as(tenant).isEqualTo(shape(Fleet.tenantId(1)));
        }
    }

    /** A repair request body for version 0002. */
    private static String repair(String action, String reason) {
        return "{\"version\": \"0002\", \"action\": \"" + action + "\", \"reason\": \"" + reason + "\"}";
    }

    /** Waits for the agent's answer to a repair; returns the repair as {@code GET /api/repairs/{id}} shows it. */
    private static JsonNode awaitRepair(JsonNode sent) {
        String path = "/api/repairs/" + sent.get("id").asText();
        await("repair " + path + " answered")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !api.get(path).get("state").asText().equals("requested"));
        try {
            return api.get(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertCli(String... args) throws Exception {
        Cli.Result result = cli.run(args);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    /** The state of a tenant's cell of {@code version}, as {@code GET /api/matrix} shows it. */
    private static String cell(int tenant, String version) throws Exception {
        JsonNode items = api.get("/api/matrix?tenant=" + Fleet.tenantId(tenant) + "&version=" + version)
                .get("items");
        assertThat(items).as("cell %s %s", tenant, version).hasSize(1);
        return items.get(0).get("state").asText();
    }

    private static JsonNode tenantView(String tenant) throws Exception {
        for (JsonNode view : api.get("/api/tenants")) {
            if (view.get("id").asText().equals(tenant)) {
                return view;
            }
        }
        throw new AssertionError("no tenant " + tenant + " in /api/tenants");
    }

    /** The unique index 0002 builds, as PostgreSQL's catalog has it in the tenant. */
    private record Index(long oid, boolean valid) {}

    private static Optional<Index> index(String tenant) throws SQLException {
        try (Connection c = connect()) {
            return index(c, tenant);
        }
    }

    private static Optional<Index> index(Connection c, String tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select x.oid::bigint, i.indisvalid from pg_index i"
                + " join pg_class x on x.oid = i.indexrelid join pg_namespace n on n.oid = x.relnamespace"
                + " where n.nspname = ? and x.relname = ?")) {
            s.setString(1, tenant);
            s.setString(2, INDEX);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Index(rs.getLong(1), rs.getBoolean(2))) : Optional.empty();
            }
        }
    }

    private static List<TenantHistory.Row> history(String tenant) throws SQLException {
        try (Connection c = connect()) {
            return TenantHistory.rows(c, tenant);
        }
    }

    private static Set<String> shape(String tenant) throws SQLException {
        try (Connection c = connect()) {
            return SchemaShape.of(c, tenant);
        }
    }

    /** A shape without the history table, which a baseline creates: the tenant's own objects. */
    private static Set<String> withoutHistory(Set<String> shape) {
        return shape.stream()
                .filter(s -> !s.contains("flotilla_schema_history"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Connection connect() throws SQLException {
        return system.pg().connect(system.fleetDb());
    }

    private static List<String> tenantIds(List<Integer> tenants) {
        List<String> ids = new ArrayList<>();
        tenants.forEach(i -> ids.add(Fleet.tenantId(i)));
        return ids;
    }
}
