package dev.flotilla.coordinator;

import static dev.flotilla.coordinator.CoordinatorApi.await;
import static dev.flotilla.coordinator.CoordinatorApi.cellStates;
import static dev.flotilla.coordinator.CoordinatorApi.getJson;
import static dev.flotilla.coordinator.CoordinatorApi.tenants;
import static dev.flotilla.coordinator.CoordinatorTestResources.SITE;
import static dev.flotilla.coordinator.FakeAgent.applied;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.flotilla.coordinator.TopicLog.Received;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanSignature;
import dev.flotilla.model.wire.PlanStep;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunStarted;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.StepProgress;
import dev.flotilla.model.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One fleet's story, driven only from outside the coordinator: agents' events on the real broker,
 * commands and plans read back from it, the REST API, and JDBC for what the API does not show. The
 * tests build on each other in order: three tenants register, one is repaired, a rollout runs them
 * all to the latest version (with duplicate and replayed events on the way), then a rollout of a
 * fourth tenant fails.
 */
@QuarkusTest
@WithTestResource(CoordinatorTestResources.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutFlowTest {

    @BeforeAll
    static void authenticate() {
        TestCallers.useBootstrap();
    }

    private static final String ALPHA = "alpha";
    private static final String BRAVO = "bravo";
    private static final String CHARLIE = "charlie";
    private static final String DELTA = "delta";
    private static final String WRONG_CHECKSUM = "0".repeat(64);
    private static final String FAILURE = "relation \"widgets\" does not exist";

    private FakeAgent agent;
    private TopicLog plans;
    private TopicLog commands;
    private CoordinatorDb db;

    /** Carried from test to test, in order. */
    private Map<String, String> checksums;

    private Envelope<Inventory> alphaFirstInventory;
    private Envelope<Inventory> bravoFirstInventory;
    private UUID rollout;
    private final Map<String, RunTenant> runs = new TreeMap<>();
    private final List<Envelope<? extends Event>> alphaEvents = new ArrayList<>();

    @BeforeAll
    void connect() {
        Config config = ConfigProvider.getConfig();
        String bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        agent = new FakeAgent(bootstrap);
        plans = new TopicLog(bootstrap, Topics.PLANS);
        commands = new TopicLog(bootstrap, Topics.commands(SITE));
        db = CoordinatorDb.ofConfig(config);
    }

    @AfterAll
    void disconnect() {
        agent.close();
        plans.close();
        commands.close();
    }

    @Test
    @Order(1)
    void shouldListTenantsAndTheirCellsWhenAgentsReportInventories() {
        // given
        checksums = migrations();
        assertThat(checksums).containsOnlyKeys("0001", "0002", "0003");

        // when
        alphaFirstInventory = agent.inventory(ALPHA, SITE, applied("0001", "create_widgets", checksums.get("0001")));
        bravoFirstInventory = agent.inventory(BRAVO, SITE, applied("0001", "create_widgets", WRONG_CHECKSUM));
        agent.inventory(CHARLIE, SITE);

        // then
        await().untilAsserted(() -> assertThat(tenants()).hasSize(3));
        assertThat(tenants())
                .extracting(
                        t -> t.get("id"),
                        t -> t.get("site"),
                        t -> t.get("agent"),
                        t -> t.get("currentVersion"),
                        t -> t.get("dirty"))
                .containsExactly(
                        tuple(ALPHA, SITE, FakeAgent.AGENT, "0001", false),
                        tuple(BRAVO, SITE, FakeAgent.AGENT, null, true),
                        tuple(CHARLIE, SITE, FakeAgent.AGENT, null, false));
        assertThat(tenants()).extracting(t -> t.get("labels")).containsOnly(Map.of("group", "beta"));
        assertThat(tenants())
                .allSatisfy(t -> assertThat(t.get("lastInventoryAt")).isNotNull());

        assertThat(cellStates(ALPHA))
                .containsExactly(entry("0001", "APPLIED"), entry("0002", "PENDING"), entry("0003", "PENDING"));
        assertThat(cellStates(BRAVO))
                .containsExactly(
                        entry("0001", "CHECKSUM_MISMATCH"), entry("0002", "PENDING"), entry("0003", "PENDING"));
        assertThat(cellStates(CHARLIE))
                .containsExactly(entry("0001", "PENDING"), entry("0002", "PENDING"), entry("0003", "PENDING"));
        JsonPath mismatch = getJson("/api/matrix?state=CHECKSUM_MISMATCH");
        assertThat(mismatch.getInt("total")).isEqualTo(1);
        assertThat(mismatch.getString("items[0].tenant")).isEqualTo(BRAVO);
        assertThat(mismatch.getString("items[0].checksum")).isEqualTo(WRONG_CHECKSUM);
        assertThat(mismatch.getString("items[0].message")).contains("checksum mismatch");
        assertThat(getJson("/api/matrix").getInt("total")).isEqualTo(9);

        JsonPath summary = getJson("/api/matrix/summary");
        assertThat(summary.getInt("tenants")).isEqualTo(3);
        assertThat(summaryCounts(summary))
                .containsExactly(
                        entry("0001", counts(1, 0, 1, 0, 0, 1)),
                        entry("0002", counts(3, 0, 0, 0, 0, 0)),
                        entry("0003", counts(3, 0, 0, 0, 0, 0)));
        summaryCounts(summary)
                .forEach((version, counts) -> counts.forEach(
                        (state, count) -> assertThat(getJson("/api/matrix?version=" + version + "&state=" + state)
                                        .getInt("total"))
                                .as("matrix total of %s in %s", version, state)
                                .isEqualTo(count)));
    }

    @Test
    @Order(2)
    void shouldReconcileTheCellWhenARepairedTenantReportsItsHistory() {
        // given bravo's history was repaired: 0001 now has the catalog's checksum
        String repaired = checksums.get("0001");

        // when
        agent.inventory(BRAVO, SITE, applied("0001", "create_widgets", repaired));

        // then
        await().untilAsserted(() -> assertThat(cellStates(BRAVO)).containsEntry("0001", "APPLIED"));
        assertThat(tenant(BRAVO)).containsEntry("currentVersion", "0001").containsEntry("dirty", false);
        assertThat(getJson("/api/matrix?tenant=bravo&version=0001").getString("items[0].message"))
                .isNull();
    }

    @Test
    @Order(3)
    void shouldPublishThePlanAndDispatchOnlyMaxParallelTenantsWhenARolloutStarts() throws IOException {
        // given
        String body = "{\"target\": {\"version\": \"0003\"}, \"tenants\": \"all\", \"maxParallel\": 2}";

        // when
        ExtractableResponse<Response> created = given().contentType(ContentType.JSON)
                .header(TestCallers.as("carol"))
                .body(body)
                .when()
                .post("/api/rollouts")
                .then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .extract();

        // then the answer describes the new rollout
        rollout = UUID.fromString(created.jsonPath().getString("id"));
        String planId = created.jsonPath().getString("planId");
        assertThat(created.header("Location")).endsWith("/api/rollouts/" + rollout);
        assertThat(created.jsonPath().getString("state")).isEqualTo("RUNNING");
        assertThat(created.jsonPath().getString("target.version")).isEqualTo("0003");
        assertThat(created.jsonPath().getInt("maxParallel")).isEqualTo(2);
        assertThat(created.jsonPath().getInt("runs.total")).isEqualTo(3);

        // and the plan is on its topic, keyed by its id, with verifiable content
        Received published = await().until(() -> find(plans.records(), planId), Optional::isPresent)
                .orElseThrow();
        PlanPublished plan = (PlanPublished) published.envelope().payload();
        assertThat(plan.planId()).isEqualTo(planId);
        assertThat(plan.verified()).isTrue();
        assertThat(plan.trustedBy(trustedKey())).isTrue();
        assertThat(plan.steps())
                .extracting(s -> s.version().text(), PlanStep::upChecksum)
                .containsExactly(
                        tuple("0001", checksums.get("0001")),
                        tuple("0002", checksums.get("0002")),
                        tuple("0003", checksums.get("0003")));

        // and the outbox was relayed: exactly maxParallel commands, keyed by tenant
        await().until(() -> db.outboxSize() == 0);
        List<Received> sent = commands.readToEnd();
        assertThat(sent).hasSize(2);
        assertThat(sent).extracting(Received::key).containsExactlyInAnyOrder(ALPHA, BRAVO);
        assertThat(sent).allSatisfy(r -> {
            assertThat(r.envelope().tenant()).isEqualTo(r.key());
            assertThat(r.envelope().rollout()).isEqualTo(rollout);
            RunTenant run = (RunTenant) r.envelope().payload();
            assertThat(run.planId()).isEqualTo(planId);
            assertThat(run.direction()).isEqualTo(Direction.UP);
            assertThat(run.steps()).extracting(Version::text).containsExactly("0002", "0003");
            assertThat(run.actor())
                    .as("who started it, for the tenant's history")
                    .isEqualTo("carol");
            runs.put(r.key(), run);
        });
        assertThat(getJson("/api/rollouts/" + rollout).getMap("runs"))
                .containsEntry("total", 3)
                .containsEntry("dispatched", 2)
                .containsEntry("pending", 1);
        assertThat(db.runs(rollout))
                .extractingFromEntries(e -> e.getKey(), e -> e.getValue().state())
                .containsExactly(
                        tuple(ALPHA, RunState.DISPATCHED),
                        tuple(BRAVO, RunState.DISPATCHED),
                        tuple(CHARLIE, RunState.PENDING));
    }

    @Test
    @Order(4)
    void shouldDispatchTheNextTenantWhenARunSucceeds() {
        // given
        UUID run = runs.get(ALPHA).runId();
        UUID id = rollout;

        // when
        alphaEvents.add(agent.runStarted(ALPHA, id, run));
        alphaEvents.add(agent.stepStarted(ALPHA, id, run, "0002"));
        alphaEvents.add(agent.stepSucceeded(ALPHA, id, run, "0002", checksums.get("0002")));
        alphaEvents.add(agent.stepStarted(ALPHA, id, run, "0003"));
        alphaEvents.add(agent.stepSucceeded(ALPHA, id, run, "0003", checksums.get("0003")));
        alphaEvents.add(agent.runFinished(ALPHA, id, run, RunOutcome.SUCCEEDED, null));

        // then charlie, the pending tenant, gets the slot alpha freed
        await().until(() -> commands.records().stream().anyMatch(r -> r.key().equals(CHARLIE)));
        await().until(() -> db.outboxSize() == 0);
        List<Received> sent = commands.readToEnd();
        assertThat(sent).extracting(Received::key).containsExactlyInAnyOrder(ALPHA, BRAVO, CHARLIE);
        RunTenant charlie = (RunTenant) sent.stream()
                .filter(r -> r.key().equals(CHARLIE))
                .findFirst()
                .orElseThrow()
                .envelope()
                .payload();
        assertThat(charlie.steps()).extracting(Version::text).containsExactly("0001", "0002", "0003");
        runs.put(CHARLIE, charlie);

        assertThat(cellStates(ALPHA))
                .containsExactly(entry("0001", "APPLIED"), entry("0002", "APPLIED"), entry("0003", "APPLIED"));
        JsonPath alphaCells = getJson("/api/matrix?tenant=alpha&version=0003");
        assertThat(alphaCells.getString("items[0].checksum")).isEqualTo(checksums.get("0003"));
        assertThat(alphaCells.getString("items[0].rollout")).isEqualTo(rollout.toString());
        JsonPath progress = getJson("/api/rollouts/" + rollout);
        assertThat(progress.getString("state")).isEqualTo("RUNNING");
        assertThat(progress.getMap("runs"))
                .containsEntry("succeeded", 1)
                .containsEntry("dispatched", 2)
                .containsEntry("pending", 0);
        assertThat(tenant(ALPHA)).containsEntry("currentVersion", "0003");
    }

    @Test
    @Order(5)
    void shouldChangeNothingWhenEventsAreRedeliveredOrReplayed() {
        // given
        UUID bravoRun = runs.get(BRAVO).runId();
        UUID alphaRun = runs.get(ALPHA).runId();
        UUID id = rollout;
        Map<String, Instant> alphaCellsBefore = db.cellsUpdatedAt(ALPHA);
        Map<String, Instant> bravoCellsBefore = db.cellsUpdatedAt(BRAVO);
        CoordinatorDb.Run alphaRunBefore = db.runs(rollout).get(ALPHA);
        Object alphaInventoryAt = tenant(ALPHA).get("lastInventoryAt");
        Object bravoInventoryAt = tenant(BRAVO).get("lastInventoryAt");
        long processedBefore = db.processedMessages();

        // when the same RunStarted is delivered twice
        Envelope<RunStarted> bravoStarted = agent.runStarted(BRAVO, id, bravoRun);
        agent.send(bravoStarted);
        // and alpha's old events are replayed: its finish, a step start, and inventories from before the rollout
        agent.send(alphaEvents.getLast());
        agent.send(alphaEvents.get(1));
        agent.send(alphaFirstInventory);
        agent.send(bravoFirstInventory);
        // and a harmless event per tenant marks the end of what was sent (events of a tenant are folded in order)
        Envelope<StepProgress> alphaMark = agent.stepProgress(ALPHA, id, alphaRun, "0003");
        Envelope<StepProgress> bravoMark = agent.stepProgress(BRAVO, id, bravoRun, "0002");

        // then
        await().until(() -> db.processed(alphaMark.id()) && db.processed(bravoMark.id()));
        assertThat(db.processedMessages())
                .as("only the first RunStarted and the two marks are new")
                .isEqualTo(processedBefore + 3);
        assertThat(db.processed(bravoStarted.id())).isTrue();
        assertThat(db.cellsUpdatedAt(ALPHA)).isEqualTo(alphaCellsBefore);
        assertThat(db.cellsUpdatedAt(BRAVO)).isEqualTo(bravoCellsBefore);
        assertThat(cellStates(ALPHA))
                .containsExactly(entry("0001", "APPLIED"), entry("0002", "APPLIED"), entry("0003", "APPLIED"));
        assertThat(cellStates(BRAVO)).containsEntry("0001", "APPLIED");
        assertThat(tenant(ALPHA)).containsEntry("lastInventoryAt", alphaInventoryAt);
        assertThat(tenant(BRAVO)).containsEntry("lastInventoryAt", bravoInventoryAt);
        assertThat(db.runs(rollout).get(ALPHA)).isEqualTo(alphaRunBefore);
        assertThat(db.runs(rollout).get(BRAVO).state()).isEqualTo(RunState.RUNNING);
        await().until(() -> db.outboxSize() == 0);
        assertThat(commands.readToEnd()).as("no command was sent again").hasSize(3);
        assertThat(getJson("/api/rollouts/" + rollout).getMap("runs"))
                .containsEntry("succeeded", 1)
                .containsEntry("running", 1)
                .containsEntry("dispatched", 1);
    }

    @Test
    @Order(6)
    void shouldShowTheLatestProgressWhenARunningStepIsBatched() {
        // given bravo's run is running
        UUID bravoRun = runs.get(BRAVO).runId();

        // when its agent reports two batches of a batched step, and a plain keep-alive after them
        agent.send(Envelope.of(
                BRAVO,
                rollout,
                Instant.now(),
                new StepProgress(bravoRun, Version.of("0002"), 5_000, 20_000L, "5000", 2_500.0, 6L)));
        agent.send(Envelope.of(
                BRAVO,
                rollout,
                Instant.now(),
                new StepProgress(bravoRun, Version.of("0002"), 10_000, 20_000L, "10000", 2_000.0, 5L)));
        Envelope<StepProgress> alive = agent.stepProgress(BRAVO, rollout, bravoRun, "0002");

        // then the rollout shows the latest batched report, per tenant
        await().until(() -> db.processed(alive.id()));
        List<Map<String, Object>> batches = getJson("/api/rollouts/" + rollout).getList("batches");
        assertThat(batches).singleElement().satisfies(batch -> assertThat(batch)
                .containsEntry("tenant", BRAVO)
                .containsEntry("version", "0002")
                .containsEntry("rowsDone", 10_000)
                .containsEntry("rowsTotal", 20_000)
                .containsEntry("etaSeconds", 5));
    }

    @Test
    @Order(7)
    void shouldCompleteTheRolloutWhenEveryRunSucceeds() {
        // given
        UUID id = rollout;
        UUID bravo = runs.get(BRAVO).runId();
        UUID charlie = runs.get(CHARLIE).runId();

        // when
        for (String version : List.of("0002", "0003")) {
            agent.stepStarted(BRAVO, id, bravo, version);
            agent.stepSucceeded(BRAVO, id, bravo, version, checksums.get(version));
        }
        agent.runFinished(BRAVO, id, bravo, RunOutcome.SUCCEEDED, null);
        agent.runStarted(CHARLIE, id, charlie);
        for (String version : List.of("0001", "0002", "0003")) {
            agent.stepStarted(CHARLIE, id, charlie, version);
            agent.stepSucceeded(CHARLIE, id, charlie, version, checksums.get(version));
        }
        agent.runFinished(CHARLIE, id, charlie, RunOutcome.SUCCEEDED, null);

        // then
        await().until(() -> getJson("/api/rollouts/" + rollout).getString("state"), "COMPLETED"::equals);
        JsonPath done = getJson("/api/rollouts/" + rollout);
        assertThat(done.getMap("runs"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "total", 3,
                        "blocked", 0,
                        "pending", 0,
                        "dispatched", 0,
                        "running", 0,
                        "succeeded", 3,
                        "failed", 0,
                        "cancelled", 0,
                        "skipped", 0));
        assertThat(done.getString("finishedAt")).isNotNull();
        assertThat(done.getList("failures")).isEmpty();
        assertThat(db.runs(rollout).values())
                .allSatisfy(run -> assertThat(run.finishedAt()).isNotNull())
                .extracting(CoordinatorDb.Run::state)
                .containsOnly(RunState.SUCCEEDED);

        assertThat(summaryCounts(getJson("/api/matrix/summary")))
                .containsExactly(
                        entry("0001", counts(0, 0, 3, 0, 0, 0)),
                        entry("0002", counts(0, 0, 3, 0, 0, 0)),
                        entry("0003", counts(0, 0, 3, 0, 0, 0)));
        assertThat(tenants())
                .extracting(t -> t.get("id"), t -> t.get("currentVersion"), t -> t.get("dirty"))
                .containsExactly(
                        tuple(ALPHA, "0003", false), tuple(BRAVO, "0003", false), tuple(CHARLIE, "0003", false));
        assertThat(getJson("/api/rollouts").getList("findAll { it.id == '" + rollout + "' }.state"))
                .containsExactly("COMPLETED");
        // and the list keeps one state when asked, and as many as asked
        assertThat(getJson("/api/rollouts?state=completed").getList("id")).contains(rollout.toString());
        assertThat(getJson("/api/rollouts?state=completed").getList("state")).containsOnly("COMPLETED");
        assertThat(getJson("/api/rollouts?state=RUNNING").getList("id")).doesNotContain(rollout.toString());
        assertThat(getJson("/api/rollouts?limit=1").getList("id")).hasSize(1);
        given().get("/api/rollouts?state=finished")
                .then()
                .statusCode(400)
                .body("field", equalTo("state"))
                .body("detail", containsString("got 'finished'"));
        given().get("/api/rollouts?limit=0").then().statusCode(400).body("field", equalTo("limit"));
        // and one tenant's page shows its migrations' cells and its run with its times
        JsonPath bravoPage = getJson("/api/tenants/" + BRAVO);
        assertThat(bravoPage.getString("tenant.id")).isEqualTo(BRAVO);
        assertThat(bravoPage.getList("migrations.version")).containsExactly("0001", "0002", "0003");
        assertThat(bravoPage.getList("migrations.state")).containsOnly("APPLIED");
        assertThat(bravoPage.getList("runs.run")).containsExactly(bravo.toString());
        assertThat(bravoPage.getString("runs[0].rollout")).isEqualTo(rollout.toString());
        assertThat(bravoPage.getString("runs[0].direction")).isEqualTo("up");
        assertThat(bravoPage.getString("runs[0].state")).isEqualTo("SUCCEEDED");
        assertThat(bravoPage.getString("runs[0].dispatchedAt")).isNotNull();
        assertThat(bravoPage.getLong("runs[0].seconds")).isNotNegative();
        assertThat(bravoPage.getString("runs[0].agent")).isEqualTo(FakeAgent.AGENT);
        // each cell with its last step: direction, duration as the agent reported it, and the run's agent
        assertThat(bravoPage.getString("migrations.find { it.version == '0003' }.direction"))
                .isEqualTo("up");
        assertThat(bravoPage.getLong("migrations.find { it.version == '0003' }.durationMs"))
                .isEqualTo(12);
        assertThat(bravoPage.getString("migrations.find { it.version == '0003' }.agent"))
                .isEqualTo(FakeAgent.AGENT);
        assertThat(given().get("/tenants/" + BRAVO)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .containsPattern("(?s)<tr data-version=\"0003\">.*?<td class=\"direction\">up</td>\\s*"
                        + "<td class=\"num took\">12</td>\\s*<td class=\"agent\">" + FakeAgent.AGENT + "</td>");
        given().get("/api/tenants/tenant_none").then().statusCode(404);
        given().get("/api/tenants/" + BRAVO + "?runs=0").then().statusCode(400).body("field", equalTo("runs"));
        assertThat(db.outboxSize()).isZero();
        assertThat(commands.readToEnd()).hasSize(3);
    }

    @Test
    @Order(8)
    void shouldMarkTheCellFailedAndHaltTheRolloutWhenAStepFails() {
        // given a fourth tenant, at nothing yet, in a rollout of its own
        agent.inventory(DELTA, SITE);
        await().untilAsserted(
                        () -> assertThat(tenants()).extracting(t -> t.get("id")).contains(DELTA));
        ExtractableResponse<Response> created = given().contentType(ContentType.JSON)
                .body("{\"target\": {\"version\": \"0002\"}, \"tenants\": [\"delta\"], \"maxParallel\": 1}")
                .when()
                .post("/api/rollouts")
                .then()
                .statusCode(201)
                .extract();
        UUID halting = UUID.fromString(created.jsonPath().getString("id"));
        assertThat(created.jsonPath().getInt("runs.total")).isEqualTo(1);
        Received command = await().until(
                        () -> commands.records().stream()
                                .filter(r -> r.key().equals(DELTA))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        RunTenant run = (RunTenant) command.envelope().payload();
        assertThat(run.steps()).extracting(Version::text).containsExactly("0001", "0002");
        UUID id = halting;

        // when
        agent.runStarted(DELTA, id, run.runId());
        agent.stepStarted(DELTA, id, run.runId(), "0001");
        agent.stepFailed(DELTA, id, run.runId(), "0001", FAILURE);
        agent.runFinished(DELTA, id, run.runId(), RunOutcome.FAILED, "step 0001 failed: " + FAILURE);

        // then
        await().until(() -> getJson("/api/rollouts/" + halting).getString("state"), "HALTED"::equals);
        JsonPath halted = getJson("/api/rollouts/" + halting);
        assertThat(halted.getList("failures", Map.class))
                .extracting(f -> f.get("tenant"), f -> f.get("message"))
                .containsExactly(tuple(DELTA, "step 0001 failed: " + FAILURE));
        assertThat(halted.getMap("runs")).containsEntry("total", 1).containsEntry("failed", 1);
        assertThat(halted.getString("finishedAt")).isNotNull();
        assertThat(cellStates(DELTA))
                .containsExactly(entry("0001", "FAILED"), entry("0002", "PENDING"), entry("0003", "PENDING"));
        assertThat(getJson("/api/matrix?tenant=delta&version=0001").getString("items[0].message"))
                .isEqualTo(FAILURE);
        // and the matrix by tenant shows each one's row, and who is behind the latest version
        JsonPath rows = getJson("/api/matrix/rows");
        assertThat(rows.getList("versions")).containsExactly("0001", "0002", "0003");
        assertThat(rows.getList("items.tenant")).containsExactly(ALPHA, BRAVO, CHARLIE, DELTA);
        assertThat(rows.getList("items.find { it.tenant == 'delta' }.states"))
                .containsExactly("FAILED", "PENDING", "PENDING");
        assertThat(rows.getList("items.find { it.tenant == '" + BRAVO + "' }.states"))
                .containsExactly("APPLIED", "APPLIED", "APPLIED");
        JsonPath behind = getJson("/api/matrix/rows?behind=latest");
        assertThat(behind.getString("behind")).isEqualTo("0003");
        assertThat(behind.getList("items.tenant")).containsExactly(DELTA);
        assertThat(behind.getInt("total")).isEqualTo(1);
        assertThat(getJson("/api/matrix/rows?size=2&page=1").getList("items.tenant"))
                .containsExactly(CHARLIE, DELTA);
        given().get("/api/matrix/rows?behind=0099").then().statusCode(400).body("field", equalTo("behind"));
        // and the dashboard shows the same: only delta behind, its failed cell, the error and what to do about it
        String fleet =
                given().get("/?behind=latest").then().statusCode(200).extract().asString();
        assertThat(fleet)
                .contains("<tr data-tenant=\"delta\">")
                .doesNotContain("<tr data-tenant=\"" + BRAVO + "\">")
                .containsPattern("(?s)<tr data-tenant=\"delta\">.*?class=\"cell st-failed\" data-version=\"0001\"");
        String page = given().get("/rollouts/" + halting)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("class=\"badge rs-HALTED\">HALTED</span>")
                .contains(FAILURE.replace("\"", "&quot;"))
                .contains("data-action=\"/api/rollouts/" + halting + "/tenants/delta/retry\"")
                .contains("data-action=\"/api/rollouts/" + halting + "/resume\"")
                .doesNotContain("/pause\"");
        given().get("/tenants/nobody").then().statusCode(404).body(containsString("no tenant nobody"));
        // the scripts and styles the pages load are served (their versions in the layout match the pom's)
        Matcher assets =
                Pattern.compile("(?:src|href)=\"(/(?:webjars|ui)/[^\"]+)\"").matcher(fleet);
        List<String> loaded = new ArrayList<>();
        while (assets.find()) {
            loaded.add(assets.group(1));
        }
        assertThat(loaded).hasSize(4);
        loaded.forEach(asset -> given().get(asset).then().statusCode(200));
        // a refused query says why, as a 400
        assertThat(given().get("/?select=tier+in+(")
                        .then()
                        .statusCode(400)
                        .extract()
                        .asString())
                .contains("id=\"query-error\"");
        assertThat(tenant(DELTA)).containsEntry("currentVersion", null).containsEntry("dirty", false);
        assertThat(getJson("/api/rollouts/" + rollout).getString("state"))
                .as("the earlier rollout is untouched")
                .isEqualTo("COMPLETED");
    }

    // --- helpers ---

    private static Map<String, String> migrations() {
        Map<String, String> checksums = new LinkedHashMap<>();
        for (Map<String, Object> m : getJson("/api/migrations").<Map<String, Object>>getList("$")) {
            checksums.put((String) m.get("version"), (String) m.get("checksum"));
        }
        return checksums;
    }

    private static Map<String, Object> tenant(String id) {
        return tenants().stream()
                .filter(t -> id.equals(t.get("id")))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, Map<String, Integer>> summaryCounts(JsonPath summary) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (Map<String, Object> m : summary.<Map<String, Object>>getList("migrations")) {
            @SuppressWarnings("unchecked")
            Map<String, Integer> byState = (Map<String, Integer>) m.get("counts");
            counts.put((String) m.get("version"), new TreeMap<>(byState));
        }
        return counts;
    }

    private static Map<String, Integer> counts(
            int pending, int running, int applied, int failed, int dirty, int mismatch) {
        return new TreeMap<>(Map.of(
                "PENDING", pending,
                "RUNNING", running,
                "APPLIED", applied,
                "FAILED", failed,
                "DIRTY", dirty,
                "CHECKSUM_MISMATCH", mismatch,
                "REVERT_FAILED", 0));
    }

    private static PublicKey trustedKey() throws IOException {
        String file = ConfigProvider.getConfig().getValue(CoordinatorTestResources.TRUSTED_KEY, String.class);
        return PlanSignature.publicKey(Files.readString(Path.of(file)));
    }

    private static Optional<Received> find(List<Received> records, String key) {
        return records.stream()
                .filter(r -> key.equals(r.key()) && r.envelope().payload() instanceof PlanPublished)
                .findFirst();
    }
}
