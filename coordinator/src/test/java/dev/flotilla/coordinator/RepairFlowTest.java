package dev.flotilla.coordinator;

import static dev.flotilla.coordinator.CoordinatorApi.await;
import static dev.flotilla.coordinator.CoordinatorApi.cellStates;
import static dev.flotilla.coordinator.CoordinatorApi.getJson;
import static dev.flotilla.coordinator.CoordinatorTestResources.SITE;
import static dev.flotilla.coordinator.FakeAgent.applied;
import static dev.flotilla.coordinator.FakeAgent.dirty;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.flotilla.coordinator.service.RepairSupervisor;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.HistoryState;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanStep;
import dev.flotilla.model.wire.RepairAction;
import dev.flotilla.model.wire.RepairOutcome;
import dev.flotilla.model.wire.RepairTenant;
import dev.flotilla.model.wire.ReportInventory;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Repairs and baselines as the coordinator handles them, with the agent played from outside: what it
 * refuses before sending, the command and plan it sends, the audit record, and the cell moving only
 * when the agent's inventory proves the repair.
 */
@QuarkusTest
@WithTestResource(RepairFlowTest.RepairTestResources.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepairFlowTest {

    @BeforeAll
    static void authenticate() {
        TestCallers.useBootstrap();
    }

    /** Its own coordinator and database, so its tenants do not show in the other flow tests. */
    public static class RepairTestResources extends CoordinatorTestResources {}

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    RepairSupervisor supervisor;

    private FakeAgent agent;
    private TopicLog commands;
    private TopicLog plans;
    private CoordinatorDb db;
    private Map<String, String> checksums;

    @BeforeAll
    void connect() {
        Config config = ConfigProvider.getConfig();
        String bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        agent = new FakeAgent(bootstrap);
        commands = new TopicLog(bootstrap, Topics.commands(SITE));
        plans = new TopicLog(bootstrap, Topics.PLANS);
        db = CoordinatorDb.ofConfig(config);
    }

    /** The catalog's checksums; read in a test, once the API's port is set. */
    @BeforeEach
    void readCatalog() {
        checksums = new LinkedHashMap<>();
        for (Map<String, Object> m : getJson("/api/migrations").<Map<String, Object>>getList("$")) {
            checksums.put((String) m.get("version"), (String) m.get("checksum"));
        }
    }

    @AfterAll
    void disconnect() {
        agent.close();
        commands.close();
        plans.close();
    }

    @Test
    void shouldSendTheRepairAuditItAndMoveTheCellOnlyWhenTheAgentsInventoryProvesIt() {
        // given a tenant whose concurrent index step went dirty
        String tenant = "repair_dirty";
        report(
                tenant,
                applied("0001", "create_widgets", checksums.get("0001")),
                applied("0002", "add_widget_name", checksums.get("0002")),
                dirty("0003", "index_widget_name", checksums.get("0003")));
        assertThat(cellStates(tenant)).containsEntry("0003", "DIRTY");

        // when an operator asks for a retry
        JsonPath requested = given().contentType(ContentType.JSON)
                .header(TestCallers.as("alice"))
                .body(Map.of("version", "0003", "action", "retry", "reason", "index build died, INC-7"))
                .when()
                .post("/api/tenants/" + tenant + "/repairs")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();

        // then it is audited as requested, and the agent gets the command with a plan holding the step
        String id = requested.getString("id");
        assertThat(requested.getString("state")).isEqualTo("requested");
        assertThat(requested.getString("actor")).isEqualTo("alice");
        assertThat(requested.getString("action")).isEqualTo("retry");
        RepairTenant command = await().until(() -> repairCommand(tenant), c -> c != null);
        assertThat(command.repairId()).isEqualTo(UUID.fromString(id));
        assertThat(command.action()).isEqualTo(RepairAction.RETRY);
        assertThat(command.actor()).isEqualTo("alice");
        assertThat(command.reason()).isEqualTo("index build died, INC-7");
        PlanPublished plan = await().until(() -> plan(command.planId()), p -> p != null);
        assertThat(plan.steps()).extracting(s -> s.version().text()).containsExactly("0003");
        assertThat(plan.steps()).extracting(PlanStep::upChecksum).containsExactly(checksums.get("0003"));

        // and a second repair of the tenant is refused while this one waits for its agent
        given().contentType(ContentType.JSON)
                .body(Map.of("version", "0003", "action", "retry", "reason", "again"))
                .when()
                .post("/api/tenants/" + tenant + "/repairs")
                .then()
                .statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("already has a repair"));

        // when the agent reports the repair, the audit ends; the cell waits for the inventory
        Envelope<?> finished = agent.repairFinished(tenant, command, RepairOutcome.SUCCEEDED, "dropped invalid index");
        await().until(() -> db.processed(finished.id()));
        JsonPath ended = getJson("/api/repairs/" + id);
        assertThat(ended.getString("state")).isEqualTo("succeeded");
        assertThat(ended.getString("message")).isEqualTo("dropped invalid index");
        assertThat(ended.getString("finishedAt")).isNotNull();
        assertThat(cellStates(tenant)).containsEntry("0003", "DIRTY");

        report(
                tenant,
                applied("0001", "create_widgets", checksums.get("0001")),
                applied("0002", "add_widget_name", checksums.get("0002")),
                applied("0003", "index_widget_name", checksums.get("0003")));
        assertThat(cellStates(tenant)).containsEntry("0003", "APPLIED");
        assertThat(getJson("/api/tenants/" + tenant + "/repairs").getList("id")).containsExactly(id);
        assertThat(db.rows("select actor, reason, state from repairs where repair_id = '" + id + "'"))
                .containsExactly(List.of("alice", "index build died, INC-7", "1"));
    }

    @Test
    void shouldRefuseARepairThatDoesNotFitTheCellAndSendNothing() {
        // given
        String tenant = "repair_applied";
        report(tenant, applied("0001", "create_widgets", checksums.get("0001")));

        // when / then a retry of an applied step, a checksum of a matching one, an unknown version or tenant
        refuse(tenant, "0001", "retry", 409, "is applied: --retry applies to a migration that is dirty");
        refuse(
                tenant,
                "0001",
                "accept-checksum",
                409,
                "--accept-checksum applies to a migration that is applied with another checksum");
        refuse(tenant, "0042", "mark-applied", 404, "no migration 0042");
        refuse("nobody", "0001", "mark-applied", 404, "no tenant nobody");
        given().contentType(ContentType.JSON)
                .body(Map.of("version", "0001", "action", "force", "reason", "x"))
                .when()
                .post("/api/tenants/" + tenant + "/repairs")
                .then()
                .statusCode(400)
                .body("field", equalTo("action"));
        given().contentType(ContentType.JSON)
                .body(Map.of("version", "0001", "action", "mark-reverted"))
                .when()
                .post("/api/tenants/" + tenant + "/repairs")
                .then()
                .statusCode(400)
                .body("field", equalTo("reason"));
        assertThat(repairCommand(tenant)).isNull();
        assertThat(db.rows("select count(*) from repairs where tenant_id = '" + tenant + "'"))
                .containsExactly(List.of("0"));
    }

    @Test
    void shouldSendABaselineOfEveryMigrationUpToTheVersionToEachSelectedTenant() {
        // given two tenants another tool created, and one that is dirty
        report("adopt_a");
        report("adopt_b");
        report("adopt_dirty", dirty("0001", "create_widgets", checksums.get("0001")));

        // when the dirty one is among them, nothing is sent
        given().contentType(ContentType.JSON)
                .body(Map.of("tenants", List.of("adopt_a", "adopt_dirty"), "version", "0002", "reason", "from Flyway"))
                .when()
                .post("/api/baselines")
                .then()
                .statusCode(409)
                .body("detail", containsString("adopt_dirty 0001 is dirty"));
        assertThat(repairCommand("adopt_a")).isNull();

        // when the two clean ones are baselined by selector
        List<Map<String, Object>> sent = given().contentType(ContentType.JSON)
                .header(TestCallers.as("bob"))
                .body(Map.of("select", "id in (adopt_a, adopt_b)", "version", "0002", "reason", "from Flyway"))
                .when()
                .post("/api/baselines")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getList("$");

        // then each gets a baseline command with a plan of 0001 and 0002
        assertThat(sent).extracting(r -> r.get("tenant")).containsExactly("adopt_a", "adopt_b");
        assertThat(sent).extracting(r -> r.get("action")).containsOnly("baseline");
        for (String tenant : List.of("adopt_a", "adopt_b")) {
            RepairTenant command = await().until(() -> repairCommand(tenant), c -> c != null);
            assertThat(command.action()).isEqualTo(RepairAction.BASELINE);
            assertThat(command.actor()).isEqualTo("bob");
            PlanPublished plan = await().until(() -> plan(command.planId()), p -> p != null);
            assertThat(plan.steps()).extracting(s -> s.version().text()).containsExactly("0001", "0002");
        }
    }

    @Test
    void shouldEndARepairNoAgentAnswersAsUnansweredFreeTheTenantAndStillTakeALateAnswer() {
        // given a repair whose agent never answers
        String tenant = "repair_silent";
        report(tenant, dirty("0001", "create_widgets", checksums.get("0001")));
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("version", "0001", "action", "mark-reverted", "reason", "undone by hand"))
                .when()
                .post("/api/tenants/" + tenant + "/repairs")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");
        RepairTenant command = await().until(() -> repairCommand(tenant), c -> c != null);
        int inventoryRequests = inventoryRequests(tenant);

        // when the supervisor looks after the answer time has passed
        assertThat(supervisor.expire(Instant.now().plus(Duration.ofMinutes(11))))
                .isPositive();

        // then the repair is unanswered, the tenant's agent is asked for its history, and the tenant is free
        assertThat(getJson("/api/repairs/" + id).getString("state")).isEqualTo("unanswered");
        await().until(() -> inventoryRequests(tenant) == inventoryRequests + 1);
        given().contentType(ContentType.JSON)
                .body(Map.of("version", "0001", "action", "retry", "reason", "try again"))
                .when()
                .post("/api/tenants/" + tenant + "/repairs")
                .then()
                .statusCode(202);

        // and a late answer still ends it
        Envelope<?> late = agent.repairFinished(tenant, command, RepairOutcome.SUCCEEDED, "recorded 0001 not applied");
        await().until(() -> db.processed(late.id()));
        assertThat(getJson("/api/repairs/" + id).getString("state")).isEqualTo("succeeded");
    }

    @Test
    void shouldHoldATenantsRunsWhileItsRepairWaitsForTheAgentAndSendThemOnceItIsAnswered() {
        // given two tenants at 0001, and a repair of one of them waiting for its agent
        String held = "hold_repaired";
        String free = "hold_free";
        report(held, applied("0001", "create_widgets", checksums.get("0001")));
        report(free, applied("0001", "create_widgets", checksums.get("0001")));
        given().contentType(ContentType.JSON)
                .body(Map.of("version", "0001", "action", "mark-reverted", "reason", "dropped by hand"))
                .when()
                .post("/api/tenants/" + held + "/repairs")
                .then()
                .statusCode(202);
        RepairTenant repair = await().until(() -> repairCommand(held), c -> c != null);
        // the command says what the matrix saw, for the agent to check against the history
        assertThat(repair.expected()).isEqualTo(HistoryState.APPLIED);

        // when a rollout to 0002 starts for both
        UUID rollout = UUID.fromString(given().contentType(ContentType.JSON)
                .header(TestCallers.as("carol"))
                .body("{\"target\": {\"version\": \"0002\"}, \"tenants\": [\"" + held + "\", \"" + free + "\"]}")
                .when()
                .post("/api/rollouts")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id"));

        // then the free tenant's run is sent, and the repaired one's waits for the repair
        await().until(() -> runCommand(free, rollout) != null);
        assertThat(runCommand(held, rollout)).isNull();
        assertThat(db.rows(
                        "select state from runs where rollout_id = '" + rollout + "' and tenant_id = '" + held + "'"))
                .containsExactly(List.of("0"));

        // when the agent answers the repair, the held run goes
        agent.repairFinished(held, repair, RepairOutcome.SUCCEEDED, "recorded 0001 not applied");
        RunTenant run = await().until(() -> runCommand(held, rollout), c -> c != null);
        assertThat(run.steps()).extracting(Version::text).containsExactly("0002");
    }

    private RunTenant runCommand(String tenant, UUID rollout) {
        return commands.readToEnd().stream()
                .filter(r ->
                        tenant.equals(r.key()) && rollout.equals(r.envelope().rollout()))
                .map(r -> r.envelope().payload())
                .filter(RunTenant.class::isInstance)
                .map(RunTenant.class::cast)
                .findFirst()
                .orElse(null);
    }

    private int inventoryRequests(String tenant) {
        return (int) commands.readToEnd().stream()
                .filter(r -> tenant.equals(r.key()) && r.envelope().payload() instanceof ReportInventory)
                .count();
    }

    private void report(String tenant, dev.flotilla.model.wire.AppliedMigration... applied) {
        Envelope<Inventory> inventory = agent.inventory(tenant, SITE, applied);
        await().until(() -> db.processed(inventory.id()));
    }

    private static void refuse(String tenant, String version, String action, int status, String detail) {
        given().contentType(ContentType.JSON)
                .body(Map.of("version", version, "action", action, "reason", "why not"))
                .when()
                .post("/api/tenants/" + tenant + "/repairs")
                .then()
                .statusCode(status)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString(detail));
    }

    private RepairTenant repairCommand(String tenant) {
        return commands.readToEnd().stream()
                .filter(r -> tenant.equals(r.key()))
                .map(r -> r.envelope().payload())
                .filter(RepairTenant.class::isInstance)
                .map(RepairTenant.class::cast)
                .reduce((first, second) -> second)
                .orElse(null);
    }

    private PlanPublished plan(String planId) {
        return plans.readToEnd().stream()
                .map(r -> r.envelope().payload())
                .filter(PlanPublished.class::isInstance)
                .map(PlanPublished.class::cast)
                .filter(p -> p.planId().equals(planId))
                .findFirst()
                .orElse(null);
    }
}
