package dev.flotilla.coordinator;

import static dev.flotilla.coordinator.CoordinatorApi.await;
import static dev.flotilla.coordinator.CoordinatorApi.cellStates;
import static dev.flotilla.coordinator.CoordinatorApi.getJson;
import static dev.flotilla.coordinator.CoordinatorTestResources.SITE;
import static dev.flotilla.coordinator.FakeAgent.applied;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.coordinator.TopicLog.Received;
import dev.flotilla.coordinator.service.Retention;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.AppliedMigration;
import dev.flotilla.model.wire.CancelRun;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Phased rollouts driven from outside the coordinator: plans with waves, gates (approval, soak, failure
 * budget), operators' actions, the plan preview and tenant labels. Agents' events go on the real broker,
 * commands are read back from it. Each test has tenants of its own and lists them in its plan, so the
 * tests do not depend on each other or on their order.
 *
 * <p>The class runs in an application of its own ({@link PhasedTestResources}): {@link RolloutFlowTest}
 * counts every tenant and command of its application, and would see these tests' tenants.
 */
@QuarkusTest
@WithTestResource(PhasedRolloutFlowTest.PhasedTestResources.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhasedRolloutFlowTest {

    @BeforeAll
    static void authenticate() {
        TestCallers.useBootstrap();
    }

    /**
     * The same infrastructure as {@link CoordinatorTestResources}, under another name so that Quarkus
     * starts a separate application (and database, and broker) for this class, and a catalog that goes
     * on past the tests' usual target 0003 with an irreversible 0004 and a reversible 0005.
     */
    public static class PhasedTestResources extends CoordinatorTestResources {

        /** The webhook {@code ops}: told of everything. */
        static final WebhookReceiver OPS = new WebhookReceiver();
        /** The webhook {@code pager}, told of halts only: a host that never answers. */
        static final SilentServer PAGER = new SilentServer();

        @Override
        protected void configure(Map<String, String> config) {
            super.configure(config);
            config.put("flotilla.notifications.webhooks.ops.url", OPS.url());
            config.put("flotilla.notifications.webhooks.pager.url", "http://127.0.0.1:" + PAGER.port() + "/");
            config.put("flotilla.notifications.webhooks.pager.events", "rollout-halted");
            config.put("flotilla.notifications.dashboard-url", "https://flotilla.example.com/");
            config.put("flotilla.notifications.timeout", "1s");
            config.put("flotilla.notifications.backoff", "1s");
            config.put("flotilla.notifications.max-attempts", "3");
        }

        @Override
        protected List<String[]> migrations() {
            return Stream.concat(
                            MIGRATIONS.stream(),
                            Stream.of(
                                    new String[] {
                                        "0004",
                                        "drop_widget_name",
                                        "-- flotilla:irreversible\nalter table widgets drop column name;\n",
                                        null
                                    },
                                    new String[] {
                                        "0005",
                                        "add_widget_size",
                                        "alter table widgets add column size int;",
                                        "alter table widgets drop column size;"
                                    }))
                    .toList();
        }
    }

    /** The cells of a tenant that has none of the catalog's migrations applied. */
    private static final Map<String, String> NOTHING_APPLIED =
            Map.of("0001", "PENDING", "0002", "PENDING", "0003", "PENDING", "0004", "PENDING", "0005", "PENDING");

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String FAILURE = "relation \"widgets\" does not exist";
    /** Long enough for a few turns of the pacer ({@code flotilla.rollouts.pace-interval} is 1s). */
    private static final Duration QUIET = Duration.ofSeconds(3);

    @Inject
    Retention retention;

    private FakeAgent agent;
    private TopicLog commands;
    private CoordinatorDb db;

    private final Map<String, String> checksums = new HashMap<>();
    /** Runs the fake agent has already answered, so a run is never played twice. */
    private final Set<UUID> answered = new HashSet<>();

    @BeforeAll
    void connect() {
        Config config = ConfigProvider.getConfig();
        String bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        agent = new FakeAgent(bootstrap);
        commands = new TopicLog(bootstrap, Topics.commands(SITE));
        db = CoordinatorDb.ofConfig(config);
    }

    @AfterEach
    void resetClock() {
        TestDatabaseClock.reset();
    }

    @AfterAll
    void disconnect() {
        TestDatabaseClock.reset();
        agent.close();
        commands.close();
    }

    @Test
    void shouldStartAWaveOnlyAfterAnOperatorApprovesItWhenTheWaveNeedsApproval() {
        // given two tenants in a first wave, and two more in a second wave that needs an approval
        List<String> first = List.of("wave_a1", "wave_a2");
        List<String> second = List.of("wave_a3", "wave_a4");
        List<String> all = concat(first, second);
        register(all);
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": %s,
                 "waves": [{"name": "first", "select": "id in (%s)"},
                           {"name": "second", "select": "*", "approval": true}]}
                """.formatted(json(all), String.join(", ", first)));

        // when the first wave's tenants succeed
        answer(rollout, RunOutcome.SUCCEEDED, first);

        // then the rollout waits at the gate, and nothing is sent to the second wave
        await().until(
                        () -> show(rollout).getString("reason"),
                        reason -> reason != null && reason.contains("waits for approval"));
        assertNoFurtherRuns(rollout, 2);
        assertThat(tenantsSentTo(rollout)).containsExactlyInAnyOrderElementsOf(first);
        JsonPath waiting = show(rollout);
        assertThat(waiting.getString("state")).isEqualTo("RUNNING");
        assertThat(waiting.getString("reason")).isEqualTo("wave second waits for approval");
        assertThat(waveField(waiting, "first", "status")).isEqualTo("done");
        assertThat(waveField(waiting, "second", "status")).isEqualTo("awaiting-approval");
        assertThat(post("/api/rollouts/" + rollout + "/approve", "carol", "{\"wave\": \"first\"}")
                        .statusCode())
                .as("approving a wave that is not the one waiting")
                .isEqualTo(409);

        // when carol approves the second wave, twice (a double click)
        JsonPath approved = act(rollout, "approve", "carol", "looks good");
        int again = post("/api/rollouts/" + rollout + "/approve", "carol", "{}").statusCode();

        // then its tenants get their commands, and the rollout completes once they succeed
        assertThat(again).as("a second approval with no gate waiting").isEqualTo(409);
        assertThat(waveField(approved, "second", "approvedBy")).isEqualTo("carol");
        answer(rollout, RunOutcome.SUCCEEDED, second);
        awaitState(rollout, "COMPLETED");
        JsonPath done = show(rollout);
        assertThat(done.getInt("runs.succeeded")).isEqualTo(4);
        assertThat(tenantsSentTo(rollout)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(actions(done)).contains(new Action("carol", "approve", null, "looks good"));
    }

    @Test
    void shouldTellTheWebhooksOfAFailedTenantTheHaltTheApprovalAwaitedAndTheEndRetryingWhatFailed() {
        // given a canary that will fail, a second wave that needs an approval, and an ops webhook that
        // refuses the first notice of the failure with a 503
        String canary = "hook_1";
        String rest = "hook_2";
        register(List.of(canary, rest));
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": %s,
                 "waves": [{"name": "canary", "select": "id in (%s)"},
                           {"name": "rest", "select": "*", "approval": true}],
                 "failureBudget": {"count": 0}}
                """.formatted(json(List.of(canary, rest)), canary));
        PhasedTestResources.OPS.refuseFirst(
                body -> body.at("/flotilla/rollout").asText().equals(rollout.toString())
                        && body.at("/flotilla/event").asText().equals("tenant-failed"),
                503);

        // when the canary fails, and the rollout halts
        answer(rollout, RunOutcome.FAILED, List.of(canary));
        awaitState(rollout, "HALTED");

        // then ops is told of both, once each, in order, the refused one delivered again after a pause
        await().until(() -> eventsFor(rollout), events -> events.size() >= 2);
        assertThat(eventsFor(rollout)).containsExactly("tenant-failed", "rollout-halted");
        JsonNode failed = bodiesFor(rollout).getFirst();
        assertThat(failed.get("text").asText())
                .startsWith(
                        ":x: Tenant hook_1 failed in rollout <https://flotilla.example.com/rollouts/" + rollout + "|")
                .contains("step 0001 failed: " + FAILURE);
        assertThat(failed.at("/flotilla/tenant").asText()).isEqualTo(canary);
        assertThat(failed.at("/flotilla/notice").asText()).hasSize(36);
        assertThat(failed.at("/flotilla/url").asText()).isEqualTo("https://flotilla.example.com/rollouts/" + rollout);
        await().untilAsserted(() -> assertThat(deliveries(getJson("/api/notifications?limit=1000"), rollout, "ops"))
                .extracting(d -> d.get("event"), d -> d.get("state"), d -> d.get("attempts"))
                .containsExactlyInAnyOrder(
                        tuple("tenant-failed", "delivered", 2), tuple("rollout-halted", "delivered", 1)));
        // and the pager, which never answers, only of the halt: tried again and again, never holding anything up
        await().until(
                        () -> deliveries(getJson("/api/notifications?limit=1000"), rollout, "pager"),
                        pager -> pager.size() == 1 && (int) pager.getFirst().get("attempts") >= 2);
        Map<String, Object> paged = deliveries(getJson("/api/notifications?limit=1000"), rollout, "pager")
                .getFirst();
        assertThat(paged.get("event")).isEqualTo("rollout-halted");
        assertThat(paged.get("deliveredAt")).isNull();
        assertThat((String) paged.get("lastError")).isNotBlank();

        // when the canary is retried, the rollout resumed, and the canary succeeds
        given().contentType(ContentType.JSON)
                .body("{}")
                .post(tenantAction(rollout, canary, "retry"))
                .then()
                .statusCode(200);
        act(rollout, "resume", "bob", null);
        answer(rollout, RunOutcome.SUCCEEDED, List.of(canary));

        // then ops is asked for the approval, once, even when the rollout is paused and resumed meanwhile
        await().until(() -> eventsFor(rollout), events -> events.contains("approval-waiting"));
        act(rollout, "pause", "bob", "lunch");
        act(rollout, "resume", "bob", null);
        await().until(() -> show(rollout).getString("reason"), "wave rest waits for approval"::equals);
        // and told of the end once the rest succeeded
        act(rollout, "approve", "carol", null);
        answer(rollout, RunOutcome.SUCCEEDED, List.of(rest));
        awaitState(rollout, "COMPLETED");
        await().until(() -> eventsFor(rollout), events -> events.contains("rollout-completed"));
        assertThat(eventsFor(rollout))
                .containsExactly("tenant-failed", "rollout-halted", "approval-waiting", "rollout-completed");
        assertThat(bodiesFor(rollout).get(2).at("/flotilla/wave").asText()).isEqualTo("rest");
        assertThat(bodiesFor(rollout).get(2).get("text").asText()).contains("waits for an approval of wave rest");
        // and the pager gives up after its attempts
        await().until(
                        () -> deliveries(getJson("/api/notifications?limit=1000"), rollout, "pager")
                                .getFirst()
                                .get("state"),
                        "given-up"::equals);
    }

    /** What the ops webhook was told of the rollout, in order. */
    private static List<String> eventsFor(UUID rollout) {
        return bodiesFor(rollout).stream()
                .map(body -> body.at("/flotilla/event").asText())
                .toList();
    }

    private static List<JsonNode> bodiesFor(UUID rollout) {
        return PhasedTestResources.OPS.received().stream()
                .filter(body -> body.at("/flotilla/rollout").asText().equals(rollout.toString()))
                .toList();
    }

    private static List<Map<String, Object>> deliveries(JsonPath sent, UUID rollout, String webhook) {
        return sent.getList("findAll { it.rollout == '" + rollout + "' && it.webhook == '" + webhook + "' }");
    }

    @Test
    void shouldSendNothingUntilApprovedWhenTheFirstWaveNeedsAnApproval() {
        // given a rollout whose first and only wave needs an approval
        String tenant = "wave_g1";
        register(List.of(tenant));
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": %s,
                 "waves": [{"name": "gated", "select": "*", "approval": true}]}
                """.formatted(json(List.of(tenant))));

        // then nothing is sent, through several turns of the pacer
        assertThat(show(rollout).getString("reason")).isEqualTo("wave gated waits for approval");
        assertNoFurtherRuns(rollout, 0);

        // when it is approved, its tenant runs
        act(rollout, "approve", "carol", null);
        answer(rollout, RunOutcome.SUCCEEDED, List.of(tenant));
        awaitState(rollout, "COMPLETED");
    }

    @Test
    void shouldRunARetriedTenantOfAnEarlierWaveWhenTheRolloutHaltedAfterItsLastWave() {
        // given a canary that failed within its budget, and a last wave that succeeded
        String canary = "wave_r1";
        String rest = "wave_r2";
        register(List.of(canary, rest));
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": %s,
                 "waves": [{"name": "canary", "select": "id in (%s)"}, {"name": "rest", "select": "*"}],
                 "failureBudget": {"count": 1}}
                """.formatted(json(List.of(canary, rest)), canary));
        answer(rollout, RunOutcome.FAILED, List.of(canary));
        answer(rollout, RunOutcome.SUCCEEDED, List.of(rest));
        awaitState(rollout, "HALTED");
        assertThat(show(rollout).getString("reason")).startsWith("every wave ran; 1 tenants failed");

        // when the canary tenant is retried and the rollout resumed
        given().contentType(ContentType.JSON)
                .body("{}")
                .post(tenantAction(rollout, canary, "retry"))
                .then()
                .statusCode(200);
        act(rollout, "resume", "bob", null);

        // then the retried tenant runs again although its wave is long done, and the rollout completes
        answer(rollout, RunOutcome.SUCCEEDED, List.of(canary));
        awaitState(rollout, "COMPLETED");
        assertThat(show(rollout).getInt("runs.succeeded")).isEqualTo(2);
    }

    @Test
    void shouldStartTheNextWaveWhenTheSoakHasElapsedOnTheCoordinatorsClock() {
        // given a first wave that soaks ten minutes once it is done
        String soaked = "wave_s1";
        String later = "wave_s2";
        register(List.of(soaked, later));
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": %s,
                 "waves": [{"name": "a", "select": "id in (%s)", "soak": "10m"},
                           {"name": "b", "select": "*"}]}
                """.formatted(json(List.of(soaked, later)), soaked));

        // when the first wave's tenant succeeds
        answer(rollout, RunOutcome.SUCCEEDED, List.of(soaked));

        // then wave b waits for the soak, through several turns of the pacer
        await().until(
                        () -> show(rollout).getString("reason"),
                        reason -> reason != null && reason.contains("soaks until"));
        assertNoFurtherRuns(rollout, 1);
        assertThat(tenantsSentTo(rollout)).containsExactly(soaked);
        JsonPath soaking = show(rollout);
        assertThat(soaking.getString("state")).isEqualTo("RUNNING");
        assertThat(soaking.getString("reason")).startsWith("wave a soaks until ");
        assertThat(waveField(soaking, "a", "status")).isEqualTo("soaking");
        assertThat(waveField(soaking, "b", "status")).isEqualTo("waiting");

        // when the coordinator's clock passes the end of the soak
        TestDatabaseClock.advance(Duration.ofMinutes(11));

        // then the pacer starts wave b with no event at all, and the rollout completes once it succeeds
        answer(rollout, RunOutcome.SUCCEEDED, List.of(later));
        awaitState(rollout, "COMPLETED");
        assertThat(tenantsSentTo(rollout)).containsExactlyInAnyOrder(soaked, later);
    }

    @Test
    void shouldCountTheSoakFromTheWavesEndWhenItEndedWhileTheRolloutWasPaused() {
        // given a first wave that soaks ten minutes, paused while its tenant runs
        String first = "wave_p1";
        String second = "wave_p2";
        register(List.of(first, second));
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": %s,
                 "waves": [{"name": "a", "select": "id in (%s)", "soak": "10m"},
                           {"name": "b", "select": "*"}]}
                """.formatted(json(List.of(first, second)), first));
        awaitRuns(rollout, 1);
        act(rollout, "pause", "dave", "change freeze");

        // when the wave's tenant finishes during the pause, and the rollout resumes after the soak
        answer(rollout, RunOutcome.SUCCEEDED, List.of(first));
        await().until(() -> waveField(show(rollout), "a", "doneAt") != null);
        TestDatabaseClock.advance(Duration.ofMinutes(11));
        act(rollout, "resume", "dave", null);

        // then wave b starts at once: the soak ran during the pause
        answer(rollout, RunOutcome.SUCCEEDED, List.of(second));
        awaitState(rollout, "COMPLETED");
    }

    @Test
    void shouldHaltWhenAWaveFailsBeyondItsBudgetAndCompleteWhenItsFailuresAreSkippedOrRetried() {
        // given a wave of three tenants that tolerates one failure
        List<String> trio = List.of("wave_f1", "wave_f2", "wave_f3");
        register(trio);
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": %s,
                 "waves": [{"name": "trio", "select": "*"}],
                 "failureBudget": {"count": 1}}
                """.formatted(json(trio)));
        awaitRuns(rollout, 3);

        // when one tenant fails
        answer(rollout, RunOutcome.FAILED, List.of("wave_f1"));

        // then the budget holds and the rollout keeps going
        await().until(() -> show(rollout).getInt("runs.failed") == 1);
        assertThat(show(rollout).getString("state")).isEqualTo("RUNNING");

        // when another tenant succeeds and a second one fails
        answer(rollout, RunOutcome.SUCCEEDED, List.of("wave_f3"));
        answer(rollout, RunOutcome.FAILED, List.of("wave_f2"));

        // then the wave is over its budget: the rollout halts and says which wave
        awaitState(rollout, "HALTED");
        JsonPath halted = show(rollout);
        assertThat(halted.getString("reason")).contains("wave trio", "2 of 3");
        assertThat(actions(halted)).endsWith(new Action("flotilla", "halt", null, halted.getString("reason")));

        // when a skip gives no reason, and a tenant that succeeded is retried
        ExtractableResponse<Response> skipWithoutReason = post(tenantAction(rollout, "wave_f1", "skip"), "bob", "{}");
        ExtractableResponse<Response> retrySucceeded = post(tenantAction(rollout, "wave_f3", "retry"), "bob", "{}");

        // then both are refused
        assertThat(problem(skipWithoutReason, 400).getString("field")).isEqualTo("reason");
        assertThat(problem(retrySucceeded, 409).getString("detail")).contains("wave_f3", "SUCCEEDED");

        // when bob skips one failed tenant and retries the other, the rollout still halted
        JsonPath skipped = act(rollout, "tenants/wave_f1/skip", "bob", "customer offboarding");
        JsonPath retried = act(rollout, "tenants/wave_f2/retry", "bob", null);

        // then the retried tenant waits, unsent, for the rollout to resume
        assertThat(skipped.getInt("runs.skipped")).isEqualTo(1);
        assertThat(retried.getString("state")).isEqualTo("HALTED");
        assertThat(retried.getInt("runs.pending")).isEqualTo(1);
        assertNoFurtherRuns(rollout, 3);

        // when bob resumes the rollout
        act(rollout, "resume", "bob", null);

        // then the retried tenant runs again under a new run id, and the rollout completes once it succeeds
        answer(rollout, RunOutcome.SUCCEEDED, List.of("wave_f2"));
        awaitState(rollout, "COMPLETED");
        assertThat(dispatched(rollout))
                .filteredOn(d -> d.tenant().equals("wave_f2"))
                .extracting(d -> d.run().runId())
                .doesNotHaveDuplicates()
                .hasSize(2);
        JsonPath done = show(rollout);
        assertThat(done.getMap("runs"))
                .containsEntry("succeeded", 2)
                .containsEntry("skipped", 1)
                .containsEntry("failed", 0);
        assertThat(actions(done))
                .contains(
                        new Action("bob", "skip", "wave_f1", "customer offboarding"),
                        new Action("bob", "retry", "wave_f2", null));
    }

    @Test
    void shouldDispatchNothingWhilePausedAndStopEverythingLeftWhenCancelled() {
        // given three tenants, dispatched one at a time
        List<String> tenants = List.of("wave_p1", "wave_p2", "wave_p3");
        register(tenants);
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": %s, "concurrency": {"fleet": 1}}
                """.formatted(json(tenants)));
        Dispatched first = awaitRuns(rollout, 1).getFirst();

        // when dave pauses the rollout, and the first run then succeeds
        JsonPath paused = act(rollout, "pause", "dave", "checking the dashboards");
        answer(rollout, RunOutcome.SUCCEEDED, List.of(first.tenant()));

        // then no other tenant is dispatched while the rollout is paused
        assertThat(paused.getString("state")).isEqualTo("PAUSED");
        await().until(() -> show(rollout).getInt("runs.succeeded") == 1);
        assertNoFurtherRuns(rollout, 1);
        assertThat(show(rollout).getString("state")).isEqualTo("PAUSED");

        // when dave resumes it
        JsonPath resumed = act(rollout, "resume", "dave", null);

        // then the next tenant is dispatched
        assertThat(resumed.getString("state")).isEqualTo("RUNNING");
        Dispatched second = awaitRuns(rollout, 2).get(1);
        assertThat(second.tenant()).isIn(tenants).isNotEqualTo(first.tenant());

        // when erin cancels the rollout while the second run is in flight
        JsonPath cancelled = act(rollout, "cancel", "erin", "maintenance window closed");

        // then the pending tenant is cancelled and the agent is told to stop the run in flight
        String why = "cancelled by erin: maintenance window closed";
        assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
        assertThat(cancelled.getString("reason")).isEqualTo(why);
        assertThat(cancelled.getMap("runs"))
                .containsEntry("succeeded", 1)
                .containsEntry("dispatched", 1)
                .containsEntry("cancelled", 1)
                .containsEntry("pending", 0);
        Received stop =
                await().until(() -> cancelsOf(rollout), sent -> !sent.isEmpty()).getFirst();
        assertThat(stop.key()).isEqualTo(second.tenant());
        assertThat(stop.envelope().payload())
                .isEqualTo(new CancelRun(second.run().runId(), why));
        assertThat(actions(cancelled))
                .extracting(Action::actor, Action::action)
                .containsExactly(
                        tuple("alice", "start"),
                        tuple("dave", "pause"),
                        tuple("dave", "resume"),
                        tuple("erin", "cancel"));

        // and once the agent reports the run cancelled, nothing is left in flight
        answer(rollout, RunOutcome.CANCELLED, List.of(second.tenant()));
        await().until(() -> show(rollout).getInt("runs.cancelled") == 2);
        assertThat(show(rollout).getInt("runs.dispatched")).isZero();
        assertThat(show(rollout).getString("state")).isEqualTo("CANCELLED");
    }

    @Test
    void shouldShowEachWavesTenantsAndStepsAndStartNothingWhenAPlanIsPreviewed() {
        // given a tenant for each wave (one already at 0001), one that no wave selects, and one no agent knows
        awaitFolded(List.of(
                agent.publishInventory("wave_v1", SITE, Map.of()),
                agent.publishInventory("wave_v2", SITE, Map.of()),
                agent.inventory("wave_v3", SITE, applied("0001", "create_widgets", checksum("0001")))));
        int rolloutsBefore = rolloutCount();
        String plan = """
                {"target": {"version": "0003"}, "tenants": ["wave_v1", "wave_v2", "wave_v3", "wave_v9"],
                 "waves": [{"name": "canary", "select": "id in (wave_v1)"},
                           {"name": "rest", "select": "id in (wave_v3)", "soak": "5m", "approval": true}]}
                """;

        // when the plan is previewed
        ExtractableResponse<Response> previewed = post("/api/plans?dryRun=true", "alice", plan);

        // then each wave lists its tenants with their own steps, and the others are excluded with why
        assertThat(previewed.statusCode()).as(previewed.asString()).isEqualTo(200);
        JsonPath preview = previewed.jsonPath();
        assertThat(preview.getList("waves.name")).containsExactly("canary", "rest");
        assertThat(preview.getString("waves[1].soak")).isEqualTo("5m");
        assertThat(preview.getBoolean("waves[1].approval")).isTrue();
        assertThat(members(preview, 0)).containsExactly(tuple("wave_v1", SITE, List.of("0001", "0002", "0003")));
        assertThat(members(preview, 1)).containsExactly(tuple("wave_v3", SITE, List.of("0002", "0003")));
        assertThat(preview.getList("excluded", Map.class))
                .extracting(e -> e.get("tenant"), e -> e.get("reason"))
                .containsExactlyInAnyOrder(
                        tuple("wave_v2", "no wave selects it"), tuple("wave_v9", "unknown to every agent"));
        assertThat(rolloutCount()).as("a preview starts no rollout").isEqualTo(rolloutsBefore);

        // when a plan whose first wave has a malformed selector is started
        ExtractableResponse<Response> refused =
                post("/api/rollouts", "alice", plan.replace("id in (wave_v1)", "tier in (free"));

        // then it is refused, naming the field and the position at fault, and nothing starts
        JsonPath problem = problem(refused, 400);
        assertThat(problem.getString("field")).isEqualTo("waves[0].select");
        assertThat(problem.getString("detail")).contains("'tier in (free'", "at position 14");
        assertThat(rolloutCount()).isEqualTo(rolloutsBefore);
    }

    @Test
    void shouldSelectATenantByALabelWhenAnOperatorSetsItAndNoLongerWhenTheLabelIsRemoved() {
        // given two tenants whose agent reports only a tier
        String labelled = "wave_l1";
        String other = "wave_l2";
        List<String> mine = List.of(labelled, other);
        awaitFolded(List.of(
                agent.publishInventory(labelled, SITE, Map.of("tier", "free")),
                agent.publishInventory(other, SITE, Map.of("tier", "free"))));

        // when an operator labels one of them group=beta
        ExtractableResponse<Response> set = patchLabels(labelled, "{\"group\": \"beta\"}");

        // then it has both labels, and a selector finds it alone
        assertThat(set.statusCode()).as(set.asString()).isEqualTo(200);
        assertThat(set.jsonPath().getMap("labels", String.class, String.class))
                .containsExactlyInAnyOrderEntriesOf(Map.of("group", "beta", "tier", "free"));
        assertThat(selected("group=beta", mine)).containsExactly(labelled);

        // when the label is removed
        ExtractableResponse<Response> removed = patchLabels(labelled, "{\"group\": null}");

        // then only the agent's label is left, and the selector finds neither tenant
        assertThat(removed.statusCode()).as(removed.asString()).isEqualTo(200);
        assertThat(removed.jsonPath().getMap("labels", String.class, String.class))
                .containsExactlyInAnyOrderEntriesOf(Map.of("tier", "free"));
        assertThat(selected("group=beta", mine)).isEmpty();
        assertThat(selected("tier=free", mine)).containsExactly(labelled, other);

        // when a label key is not lower case, a selector is malformed, or the tenant is unknown
        ExtractableResponse<Response> badKey = patchLabels(labelled, "{\"Group\": \"beta\"}");
        ExtractableResponse<Response> badSelector = given().queryParam("select", "group=")
                .when()
                .get("/api/tenants")
                .then()
                .extract();
        ExtractableResponse<Response> unknown = patchLabels("wave_l9", "{\"group\": \"beta\"}");

        // then each is refused, naming what is at fault
        assertThat(problem(badKey, 400).getString("field")).isEqualTo("labels.Group");
        JsonPath selector = problem(badSelector, 400);
        assertThat(selector.getString("field")).isEqualTo("select");
        assertThat(selector.getString("detail")).contains("position 7");
        assertThat(problem(unknown, 404).getString("detail")).contains("wave_l9");
    }

    /** A run command the coordinator sent, as the tenant's agent reads it. */
    @Test
    void shouldRevertOnlyWhatTheRolloutAppliedInReverseOrderWhenItIsRolledBack() {
        // given a rollout in which two tenants succeeded and one failed on its first step
        List<String> succeeded = List.of("back_1", "back_2");
        List<String> all = concat(succeeded, List.of("back_3"));
        register(all);
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": %s}
                """.formatted(json(all)));
        answer(rollout, RunOutcome.SUCCEEDED, succeeded);
        answer(rollout, RunOutcome.FAILED, List.of("back_3"));
        awaitState(rollout, "HALTED");

        // when an operator previews the rollback
        int rollouts = rolloutCount();
        JsonPath preview = post("/api/rollouts/" + rollout + "/rollback?dryRun=true", "dave", "{}")
                .jsonPath();

        // then it reverts the two tenants' steps, highest first, and leaves the third alone
        assertThat(preview.getMap("tenants"))
                .containsOnly(
                        entry("back_1", List.of("0003", "0002", "0001")),
                        entry("back_2", List.of("0003", "0002", "0001")));
        assertThat(preview.getList("untouched")).containsExactly("back_3");
        assertThat(preview.getBoolean("blocked")).isFalse();
        assertThat(rolloutCount()).as("a preview starts nothing").isEqualTo(rollouts);

        // when the operator rolls it back
        ExtractableResponse<Response> created =
                post("/api/rollouts/" + rollout + "/rollback", "dave", "{\"reason\": \"bad release\"}");

        // then a rollback rollout goes down, only to the tenants the rollout changed, and undoes it
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        UUID rollback = UUID.fromString(created.jsonPath().getString("id"));
        assertThat(created.jsonPath().getString("direction")).isEqualTo("down");
        assertThat(created.jsonPath().getString("undoes")).isEqualTo(rollout.toString());
        List<Dispatched> reverts = awaitRuns(rollback, 2);
        assertThat(reverts).extracting(Dispatched::tenant).containsExactlyInAnyOrderElementsOf(succeeded);
        assertThat(reverts).allSatisfy(d -> {
            assertThat(d.run().direction()).isEqualTo(Direction.DOWN);
            assertThat(d.run().steps()).extracting(Version::text).containsExactly("0003", "0002", "0001");
        });
        JsonPath forward = show(rollout);
        assertThat(forward.getString("state"))
                .as("the rolled-back rollout cannot resume")
                .isEqualTo("CANCELLED");
        assertThat(actions(forward)).contains(new Action("dave", "rollback", null, "rolled back by " + rollback));

        // when the agent reverts them
        answer(rollback, RunOutcome.SUCCEEDED, succeeded);

        // then the rollback completes and the tenants' cells are pending again
        awaitState(rollback, "COMPLETED");
        assertNoFurtherRuns(rollback, 2);
        assertThat(cellStates("back_1")).isEqualTo(NOTHING_APPLIED);
        assertThat(post("/api/rollouts/" + rollback + "/rollback", "dave", "{}").statusCode())
                .as("a rollback is not rolled back")
                .isEqualTo(409);
    }

    @Test
    void shouldTakeEachTenantDownToTheTargetFromWhereverItIsWhenThePlanGoesDown() {
        // given one tenant with 0001-0003 applied and one with only 0001
        awaitFolded(List.of(
                agent.inventory(
                        "down_1",
                        SITE,
                        applied("0001", "m1", checksum("0001")),
                        applied("0002", "m2", checksum("0002")),
                        applied("0003", "m3", checksum("0003"))),
                agent.inventory("down_2", SITE, applied("0001", "m1", checksum("0001")))));
        String plan = """
                {"target": {"version": "0001"}, "direction": "down", "tenants": ["down_1", "down_2"]}
                """;

        // when the plan is previewed
        JsonPath preview = post("/api/plans?dryRun=true", "erin", plan).jsonPath();

        // then the first reverts 0003 then 0002, and the second has nothing to revert
        assertThat(preview.getList("waves[0].tenants.tenant")).containsExactly("down_1");
        assertThat(preview.getList("waves[0].tenants[0].steps")).containsExactly("0003", "0002");
        assertThat(preview.getList("excluded.tenant")).containsExactly("down_2");
        assertThat(preview.getMap("irreversible")).isEmpty();

        // when it is started and the agent reverts
        UUID rollout = start(plan);
        List<Dispatched> sent = awaitRuns(rollout, 1);
        answer(rollout, RunOutcome.SUCCEEDED, List.of("down_1"));

        // then only the first tenant got a command, going down, and it ends at 0001
        assertThat(sent).singleElement().satisfies(d -> {
            assertThat(d.tenant()).isEqualTo("down_1");
            assertThat(d.run().direction()).isEqualTo(Direction.DOWN);
            assertThat(d.run().steps()).extracting(Version::text).containsExactly("0003", "0002");
        });
        awaitState(rollout, "COMPLETED");
        assertThat(show(rollout).getString("direction")).isEqualTo("down");
        assertThat(show(rollout).getString("targetVersion")).isEqualTo("0001");
        assertThat(cellStates("down_1"))
                .containsExactly(
                        entry("0001", "APPLIED"),
                        entry("0002", "PENDING"),
                        entry("0003", "PENDING"),
                        entry("0004", "PENDING"),
                        entry("0005", "PENDING"));
        assertNoFurtherRuns(rollout, 1);
    }

    @Test
    void shouldSayWhichIrreversibleStepEachTenantStopsAboveWhenAPlanGoesDownOverOne() {
        // given the catalog's 0004 has no down script: one tenant has 0001-0005, one 0001-0004, one 0001-0003
        awaitFolded(List.of(
                agent.inventory("stop_1", SITE, appliedUpTo("0005")),
                agent.inventory("stop_2", SITE, appliedUpTo("0004")),
                agent.inventory("stop_3", SITE, appliedUpTo("0003"))));
        String plan = """
                {"target": {"version": "0001"}, "direction": "down", "tenants": ["stop_1", "stop_2", "stop_3"]%s}
                """;
        String refusing = plan.formatted("");
        String allowing = plan.formatted(", \"allowIrreversible\": true");

        // when the plan is previewed without allowIrreversible
        JsonPath blocked = post("/api/plans?dryRun=true", "erin", refusing).jsonPath();

        // then 0004 blocks the two tenants that have it, and each says so
        assertThat(blocked.getMap("irreversible")).containsOnly(entry("0004", List.of("stop_1", "stop_2")));
        assertThat(blocked.getMap("stoppedAbove")).containsOnly(entry("stop_1", "0004"), entry("stop_2", "0004"));
        assertThat(members(blocked, 0)).containsExactly(tuple("stop_3", SITE, List.of("0003", "0002")));
        assertThat(blocked.getList("excluded", Map.class))
                .extracting(e -> e.get("tenant"), e -> e.get("reason"))
                .containsExactly(
                        tuple(
                                "stop_1",
                                "its revert needs 0004, which has no down script (allowIrreversible takes it"
                                        + " down to just above 0004)"),
                        tuple(
                                "stop_2",
                                "its revert needs 0004, which has no down script (allowIrreversible takes it"
                                        + " down to just above 0004)"));

        // when it is previewed with allowIrreversible
        JsonPath preview = post("/api/plans?dryRun=true", "erin", allowing).jsonPath();

        // then the first tenant reverts 0005 only, the second nothing, and both stop above 0004
        assertThat(preview.getMap("stoppedAbove")).containsOnly(entry("stop_1", "0004"), entry("stop_2", "0004"));
        assertThat(members(preview, 0))
                .containsExactly(
                        tuple("stop_1", SITE, List.of("0005")), tuple("stop_3", SITE, List.of("0003", "0002")));
        assertThat(preview.getList("excluded", Map.class))
                .extracting(e -> e.get("tenant"), e -> e.get("reason"))
                .containsExactly(tuple("stop_2", "nothing to revert: it stops above 0004, which has no down script"));

        // when it is started with allowIrreversible and the agent reverts
        UUID rollout = start(allowing);
        List<Dispatched> sent = awaitRuns(rollout, 2);
        answer(rollout, RunOutcome.SUCCEEDED, List.of("stop_1", "stop_3"));

        // then the rollout's notes say the same of its runs as the preview did, and 0004 stays applied
        awaitState(rollout, "COMPLETED");
        assertThat(sent)
                .extracting(
                        d -> d.tenant(),
                        d -> d.run().steps().stream().map(Version::text).toList())
                .containsExactlyInAnyOrder(tuple("stop_1", List.of("0005")), tuple("stop_3", List.of("0003", "0002")));
        String stops = "stops above 0004, which has no down script";
        assertThat(show(rollout).getList("notes", Map.class))
                .extracting(n -> n.get("tenant"), n -> n.get("message"))
                .containsExactly(tuple("stop_1", stops), tuple("stop_2", stops));
        assertThat(cellStates("stop_1")).containsEntry("0004", "APPLIED").containsEntry("0005", "PENDING");
        assertNoFurtherRuns(rollout, 2);
    }

    @Test
    void shouldKeepARevertThatFailedForTheRolloutThatAppliedItWhenTheRolloutIsRolledBackAgain() {
        // given a rollout took the tenant to 0003, and its rollback reverted 0003 but failed on 0002
        register(List.of("again_1"));
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": ["again_1"]}
                """);
        answer(rollout, RunOutcome.SUCCEEDED, List.of("again_1"));
        awaitState(rollout, "COMPLETED");
        UUID rollback = UUID.fromString(post("/api/rollouts/" + rollout + "/rollback", "dave", "{}")
                .jsonPath()
                .getString("id"));
        Dispatched revert = awaitRuns(rollback, 1).getFirst();
        UUID run = revert.run().runId();
        agent.runStarted("again_1", rollback, run);
        agent.stepSucceeded("again_1", rollback, run, "0003", checksum("0003"), Direction.DOWN);
        agent.stepFailed("again_1", rollback, run, "0002", Direction.DOWN, "column \"name\" is in use");
        agent.runFinished("again_1", rollback, run, RunOutcome.FAILED, "step 0002 failed");
        answered.add(run);
        awaitState(rollback, "HALTED");

        // then the failed revert is visible on its cell, still applied
        assertThat(cellStates("again_1"))
                .containsExactly(
                        entry("0001", "APPLIED"),
                        entry("0002", "REVERT_FAILED"),
                        entry("0003", "PENDING"),
                        entry("0004", "PENDING"),
                        entry("0005", "PENDING"));
        assertThat(getJson("/api/matrix?tenant=again_1&version=0002").getString("items[0].message"))
                .contains("is in use");

        // when that rollback is cancelled and the rollout rolled back again
        act(rollback, "cancel", "dave", "fixing the data first");
        JsonPath preview = post("/api/rollouts/" + rollout + "/rollback?dryRun=true", "dave", "{}")
                .jsonPath();

        // then what the rollout applied and is still applied is reverted, 0002 included
        assertThat(preview.getMap("tenants")).containsOnly(entry("again_1", List.of("0002", "0001")));
        assertThat(preview.getBoolean("blocked")).isFalse();
    }

    @Test
    void shouldRevertAStepWhoseFirstReportWasLostWhenItsRolloutIsRolledBack() {
        // given a run whose last step the agent found already applied (by this rollout, as its history row
        // says): the first report of that step was lost, and the run was sent again
        register(List.of("lost_1"));
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": ["lost_1"]}
                """);
        Dispatched sent = awaitRuns(rollout, 1).getFirst();
        UUID run = sent.run().runId();
        agent.runStarted("lost_1", rollout, run);
        agent.stepSucceeded("lost_1", rollout, run, "0001", checksum("0001"));
        agent.stepSucceeded("lost_1", rollout, run, "0002", checksum("0002"));
        agent.stepAlreadyApplied("lost_1", rollout, run, "0003", checksum("0003"), rollout);
        agent.runFinished("lost_1", rollout, run, RunOutcome.SUCCEEDED, null);
        answered.add(run);
        awaitState(rollout, "COMPLETED");

        // when its rollback is previewed
        JsonPath preview = post("/api/rollouts/" + rollout + "/rollback?dryRun=true", "dave", "{}")
                .jsonPath();

        // then every step it applied is reverted, the one reported as already applied included
        assertThat(preview.getMap("tenants")).containsOnly(entry("lost_1", List.of("0003", "0002", "0001")));
        assertThat(preview.getBoolean("blocked")).isFalse();
    }

    @Test
    void shouldRevertARunStillInFlightOnlyOnceItStoppedAndOnlyWhatItApplied() {
        // given a run that has applied 0001 of 0001-0005 (0004 irreversible) when its rollout is rolled back
        register(List.of("flight_1"));
        UUID rollout = start("""
                {"target": {"version": "0005"}, "tenants": ["flight_1"]}
                """);
        UUID run = awaitRuns(rollout, 1).getFirst().run().runId();
        agent.runStarted("flight_1", rollout, run);
        Envelope<?> first = agent.stepSucceeded("flight_1", rollout, run, "0001", checksum("0001"));
        await().until(() -> db.processed(first.id()));
        ExtractableResponse<Response> created = post("/api/rollouts/" + rollout + "/rollback", "dave", "{}");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        UUID rollback = UUID.fromString(created.jsonPath().getString("id"));

        // then 0004, which the run has not reached, does not block the rollback; the forward run is told
        // to stop, and the revert waits for it
        await().until(() -> !cancelsOf(rollout).isEmpty());
        assertNoFurtherRuns(rollback, 0);

        // when the forward run stops after one more step
        agent.stepSucceeded("flight_1", rollout, run, "0002", checksum("0002"));
        agent.runFinished("flight_1", rollout, run, RunOutcome.CANCELLED, "cancelled after 0002");
        answered.add(run);

        // then the revert is sent with what the run applied, not the steps it never reached
        Dispatched revert = awaitRuns(rollback, 1).getFirst();
        assertThat(revert.run().direction()).isEqualTo(Direction.DOWN);
        assertThat(revert.run().steps()).extracting(Version::text).containsExactly("0002", "0001");
        answer(rollback, RunOutcome.SUCCEEDED, List.of("flight_1"));
        awaitState(rollback, "COMPLETED");
        assertThat(cellStates("flight_1")).containsExactlyInAnyOrderEntriesOf(NOTHING_APPLIED);
    }

    @Test
    void shouldNotRevertUnderAVersionALaterRolloutAppliedWhenTheEarlierRolloutIsRolledBack() {
        // given one rollout took the tenant to 0001 and a later one to 0003
        register(List.of("layer_1"));
        UUID first = start("""
                {"target": {"version": "0001"}, "tenants": ["layer_1"]}
                """);
        answer(first, RunOutcome.SUCCEEDED, List.of("layer_1"));
        awaitState(first, "COMPLETED");
        UUID second = start("""
                {"target": {"version": "0003"}, "tenants": ["layer_1"]}
                """);
        answer(second, RunOutcome.SUCCEEDED, List.of("layer_1"));
        awaitState(second, "COMPLETED");

        // when the first rollout's rollback is previewed and asked for
        JsonPath preview = post("/api/rollouts/" + first + "/rollback?dryRun=true", "dave", "{}")
                .jsonPath();
        ExtractableResponse<Response> refused = post("/api/rollouts/" + first + "/rollback", "dave", "{}");

        // then the tenant is blocked (0001's down would run under 0002 and 0003), and nothing starts
        assertThat(preview.getString("blockedTenants.layer_1"))
                .startsWith("0002, 0003 applied above what this rollback reverts");
        assertThat(preview.getBoolean("blocked")).isTrue();
        assertThat(preview.getString("refusal")).contains("applied nothing that can be reverted");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(cellStates("layer_1"))
                .containsExactly(
                        entry("0001", "APPLIED"),
                        entry("0002", "APPLIED"),
                        entry("0003", "APPLIED"),
                        entry("0004", "PENDING"),
                        entry("0005", "PENDING"));
    }

    @Test
    void shouldRollBackOnlyTheBreachedWavesTenantsThatAppliedStepsWhenThePlanSaysRollbackWave() {
        // given a canary of four tenants that tolerates one failure, then a second wave, rolling a breached wave back
        List<String> applied = List.of("breach_1", "breach_2");
        List<String> failing = List.of("breach_3", "breach_4");
        List<String> canary = concat(applied, failing);
        List<String> rest = List.of("breach_5", "breach_6");
        register(concat(canary, rest));
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": %s,
                 "waves": [{"name": "canary", "select": "id in (%s)"}, {"name": "rest", "select": "*"}],
                 "failureBudget": {"count": 1}, "onBreach": "rollback-wave"}
                """.formatted(json(concat(canary, rest)), String.join(", ", canary)));
        assertThat(show(rollout).getString("onBreach")).isEqualTo("rollback-wave");

        // when two canary tenants apply every step, then two fail on their first step
        answer(rollout, RunOutcome.SUCCEEDED, applied);
        await().until(() -> show(rollout).getInt("runs.succeeded") == 2);
        answer(rollout, RunOutcome.FAILED, failing);

        // then the rollout halts, and a rollback of the canary wave, started by flotilla, undoes it
        awaitState(rollout, "HALTED");
        JsonPath halted =
                await().until(() -> show(rollout), r -> !r.getList("rollbacks").isEmpty());
        UUID rollback = UUID.fromString(halted.getString("rollbacks[0].id"));
        String breach = "wave canary: 2 of 4 tenants failed, more than its failure budget allows (1)";
        assertThat(halted.getString("state")).isEqualTo("HALTED");
        assertThat(halted.getString("reason")).isEqualTo(breach + "; rolled back automatically by " + rollback);
        assertThat(halted.getList("rollbacks")).hasSize(1);
        assertThat(halted.getString("rollbacks[0].wave")).isEqualTo("canary");
        assertThat(waveField(halted, "canary", "rollbackAskedAt")).isNotNull();
        String breached = "wave canary breached its failure budget (onBreach: rollback-wave)";
        assertThat(actions(halted))
                .endsWith(
                        new Action("flotilla", "halt", null, breach),
                        new Action("flotilla", "rollback", null, breached + ": rolled back by " + rollback));
        JsonPath back = show(rollback);
        assertThat(back.getString("direction")).isEqualTo("down");
        assertThat(back.getString("undoes")).isEqualTo(rollout.toString());
        assertThat(back.getString("target.wave")).isEqualTo("canary");
        assertThat(back.getMap("failureBudget")).isEqualTo(halted.getMap("failureBudget"));
        assertThat(actions(back)).startsWith(new Action("flotilla", "start", null, breached));

        // and only the canary tenants that applied steps are sent their reverts, highest first
        List<Dispatched> reverts = awaitRuns(rollback, 2);
        assertThat(reverts).extracting(Dispatched::tenant).containsExactlyInAnyOrderElementsOf(applied);
        assertThat(reverts).allSatisfy(d -> {
            assertThat(d.run().direction()).isEqualTo(Direction.DOWN);
            assertThat(d.run().steps()).extracting(Version::text).containsExactly("0003", "0002", "0001");
        });
        assertNoFurtherRuns(rollback, 2);
        assertThat(tenantsSentTo(rollout))
                .as("the next wave's tenants are never sent a run")
                .containsExactlyInAnyOrderElementsOf(canary);

        // when the agent reverts them
        answer(rollback, RunOutcome.SUCCEEDED, applied);

        // then the rollback completes, their cells are pending again, and the rollout stays halted
        awaitState(rollback, "COMPLETED");
        for (String tenant : applied) {
            assertThat(cellStates(tenant)).isEqualTo(NOTHING_APPLIED);
        }
        JsonPath after = show(rollout);
        assertThat(after.getString("state")).isEqualTo("HALTED");
        assertThat(after.getString("rollbacks[0].state")).isEqualTo("COMPLETED");
        assertNoFurtherRuns(rollout, 4);
    }

    @Test
    void shouldRefuseToResumeApproveOrRetryAHaltedRolloutWhileItsWaveIsRolledBackAndGoOnOnceTheRollbackEnded() {
        // given a canary whose one failure breaches its budget, rolling the wave back, then a wave needing approval
        String reverted = "guard_1";
        String failed = "guard_2";
        String later = "guard_3";
        List<String> canary = List.of(reverted, failed);
        register(concat(canary, List.of(later)));
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": %s,
                 "waves": [{"name": "canary", "select": "id in (%s)"},
                           {"name": "rest", "select": "*", "approval": true}],
                 "failureBudget": {"count": 0}, "onBreach": "rollback-wave"}
                """.formatted(json(concat(canary, List.of(later))), String.join(", ", canary)));
        answer(rollout, RunOutcome.SUCCEEDED, List.of(reverted));
        await().until(() -> show(rollout).getInt("runs.succeeded") == 1);
        answer(rollout, RunOutcome.FAILED, List.of(failed));
        awaitState(rollout, "HALTED");
        UUID rollback = UUID.fromString(
                await().until(() -> show(rollout), r -> !r.getList("rollbacks").isEmpty())
                        .getString("rollbacks[0].id"));
        awaitRuns(rollback, 1);

        // when an operator resumes it, approves the next wave or retries the failed tenant while the rollback runs
        List<ExtractableResponse<Response>> refused = List.of(
                post("/api/rollouts/" + rollout + "/resume", "carol", "{}"),
                post("/api/rollouts/" + rollout + "/approve", "carol", "{}"),
                post(tenantAction(rollout, failed, "retry"), "carol", "{}"));

        // then each is refused, naming the rollback, and nothing more is sent for the rollout
        for (ExtractableResponse<Response> response : refused) {
            assertThat(problem(response, 409).getString("detail"))
                    .startsWith("rollout " + rollout + " is being rolled back by " + rollback + " and cannot be ")
                    .endsWith(" now: wait for the rollback to end, or cancel it");
        }
        assertThat(show(rollout).getString("state")).isEqualTo("HALTED");
        assertThat(actions(show(rollout))).extracting(Action::actor).doesNotContain("carol");
        assertNoFurtherRuns(rollout, 2);

        // when the operator skips the failed tenant meanwhile, which sends nothing
        act(rollout, "tenants/" + failed + "/skip", "carol", "gave up on it");

        // then it is taken out of the rollout, which stays halted
        assertThat(show(rollout).getInt("runs.skipped")).isEqualTo(1);
        assertThat(show(rollout).getString("state")).isEqualTo("HALTED");

        // when the rollback ends and the operator resumes, then approves the next wave
        answer(rollback, RunOutcome.SUCCEEDED, List.of(reverted));
        awaitState(rollback, "COMPLETED");
        act(rollout, "resume", "carol", "rollback done");
        await().until(() -> show(rollout).getString("reason"), "wave rest waits for approval"::equals);
        act(rollout, "approve", "carol", null);

        // then the next wave's tenant is sent its steps, and the reverted one is not sent its steps again
        List<Dispatched> sent = awaitRuns(rollout, 3);
        assertThat(sent).extracting(Dispatched::tenant).containsExactlyInAnyOrder(reverted, failed, later);
        assertThat(sent.getLast().run().steps()).extracting(Version::text).containsExactly("0001", "0002", "0003");
        assertNoFurtherRuns(rollout, 3);
    }

    @Test
    void shouldRecordWhyAndStayHaltedWhenTheBreachedWavesRollbackCannotStart() {
        // given a canary whose only tenant fails on its first step, so it applied nothing
        String tenant = "breach_n1";
        register(List.of(tenant));
        UUID rollout = start("""
                {"target": {"version": "0003"}, "tenants": ["%s"],
                 "waves": [{"name": "canary", "select": "*"}], "onBreach": "rollback-wave"}
                """.formatted(tenant));

        // when it fails
        answer(rollout, RunOutcome.FAILED, List.of(tenant));

        // then the rollout halts, says why no rollback started, and none does
        awaitState(rollout, "HALTED");
        JsonPath halted =
                await().until(() -> show(rollout), r -> r.getString("reason").contains("no automatic rollback"));
        assertThat(halted.getString("reason"))
                .startsWith("wave canary: 1 of 1 tenants failed")
                .endsWith("no automatic rollback: rollout " + rollout
                        + " applied nothing that can be reverted in wave canary");
        assertThat(halted.getList("rollbacks")).isEmpty();
        assertThat(actions(halted)).last().satisfies(action -> {
            assertThat(action.actor()).isEqualTo("flotilla");
            assertThat(action.action()).isEqualTo("rollback-refused");
            assertThat(action.reason())
                    .startsWith("wave canary breached its failure budget (onBreach: rollback-wave), but its"
                            + " automatic rollback could not start")
                    .contains("the rollout stays halted");
        });
        assertNoFurtherRuns(rollout, 1);
        assertThat(cellStates(tenant)).containsEntry("0001", "FAILED");
    }

    // --- helpers ---

    private record Dispatched(String tenant, RunTenant run) {}

    /** One entry of a rollout's audit trail. */
    private record Action(String actor, String action, String tenant, String reason) {}

    /** A history with every migration of the catalog up to {@code version}, as an agent reports it. */
    private AppliedMigration[] appliedUpTo(String version) {
        return Stream.of("0001", "0002", "0003", "0004", "0005")
                .filter(v -> v.compareTo(version) <= 0)
                .map(v -> applied(v, "m" + v, checksum(v)))
                .toArray(AppliedMigration[]::new);
    }

    /** Publishes an inventory without labels or history for each tenant, and waits until all are folded. */
    private void register(List<String> tenants) {
        awaitFolded(tenants.stream()
                .map(tenant -> agent.publishInventory(tenant, SITE, Map.of()))
                .toList());
    }

    private void awaitFolded(List<Envelope<Inventory>> inventories) {
        await().until(() -> inventories.stream().allMatch(inventory -> db.processed(inventory.id())));
    }

    /** Starts a rollout as alice; returns its id. */
    private static UUID start(String plan) {
        ExtractableResponse<Response> created = post("/api/rollouts", "alice", plan);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return UUID.fromString(created.jsonPath().getString("id"));
    }

    /** An operator's action on the rollout ({@code pause}, {@code tenants/t1/retry}...); returns the rollout. */
    private static JsonPath act(UUID rollout, String action, String actor, String reason) {
        String body = reason == null ? "{}" : "{\"reason\": \"" + reason + "\"}";
        ExtractableResponse<Response> response = post("/api/rollouts/" + rollout + "/" + action, actor, body);
        assertThat(response.statusCode())
                .as(action + ": " + response.asString())
                .isEqualTo(200);
        return response.jsonPath();
    }

    private static String tenantAction(UUID rollout, String tenant, String action) {
        return "/api/rollouts/" + rollout + "/tenants/" + tenant + "/" + action;
    }

    private static ExtractableResponse<Response> post(String path, String actor, String body) {
        return given().contentType(ContentType.JSON)
                .header(TestCallers.as(actor))
                .body(body)
                .when()
                .post(path)
                .then()
                .extract();
    }

    private static ExtractableResponse<Response> patchLabels(String tenant, String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .patch("/api/tenants/" + tenant + "/labels")
                .then()
                .extract();
    }

    /** The tenants among {@code among} that the selector finds, in the API's order. */
    private static List<String> selected(String selector, List<String> among) {
        List<String> ids = given().queryParam("select", selector)
                .when()
                .get("/api/tenants")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id", String.class);
        return ids.stream().filter(among::contains).toList();
    }

    private static JsonPath show(UUID rollout) {
        return getJson("/api/rollouts/" + rollout);
    }

    private static void awaitState(UUID rollout, String state) {
        await().until(() -> show(rollout).getString("state"), state::equals);
    }

    private static String waveField(JsonPath rollout, String wave, String field) {
        return rollout.getString("waves.find { it.name == '" + wave + "' }." + field);
    }

    private static List<Action> actions(JsonPath rollout) {
        return rollout.<Map<String, String>>getList("actions").stream()
                .map(a -> new Action(a.get("actor"), a.get("action"), a.get("tenant"), a.get("reason")))
                .toList();
    }

    /** A preview wave's tenants as (tenant, site, steps). */
    private static List<Tuple> members(JsonPath preview, int wave) {
        return preview.getList("waves[" + wave + "].tenants", Map.class).stream()
                .map(m -> tuple(m.get("tenant"), m.get("site"), m.get("steps")))
                .toList();
    }

    private static int rolloutCount() {
        return getJson("/api/rollouts").getList("$").size();
    }

    private static JsonPath problem(ExtractableResponse<Response> response, int status) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        JsonPath problem = response.jsonPath();
        assertThat(problem.getInt("status")).isEqualTo(status);
        return problem;
    }

    /** The rollout's run commands read so far, in the order they were read. */
    private List<Dispatched> dispatched(UUID rollout) {
        return commands.records().stream()
                .filter(r ->
                        rollout.equals(r.envelope().rollout()) && r.envelope().payload() instanceof RunTenant)
                .map(r -> new Dispatched(r.key(), (RunTenant) r.envelope().payload()))
                .toList();
    }

    private List<String> tenantsSentTo(UUID rollout) {
        return dispatched(rollout).stream().map(Dispatched::tenant).toList();
    }

    /** Waits until the rollout has had at least {@code count} run commands; returns them. */
    private List<Dispatched> awaitRuns(UUID rollout, int count) {
        return await().until(() -> dispatched(rollout), sent -> sent.size() >= count);
    }

    /** Over a few turns of the pacer, the rollout's run commands stay at {@code sent}. */
    private void assertNoFurtherRuns(UUID rollout, int sent) {
        await().until(() -> db.outboxSize() == 0);
        commands.readToEnd();
        await().during(QUIET).until(() -> dispatched(rollout).size() == sent);
    }

    private List<Received> cancelsOf(UUID rollout) {
        return commands.records().stream()
                .filter(r ->
                        rollout.equals(r.envelope().rollout()) && r.envelope().payload() instanceof CancelRun)
                .toList();
    }

    /**
     * Plays the agent: waits until each of the tenants has a run command of the rollout not answered
     * yet, then answers each such run with the outcome. Returns the runs answered.
     */
    private List<Dispatched> answer(UUID rollout, RunOutcome outcome, List<String> tenants) {
        List<Dispatched> runs = await().until(
                        () -> dispatched(rollout).stream()
                                .filter(d -> tenants.contains(d.tenant())
                                        && !answered.contains(d.run().runId()))
                                .distinct()
                                .toList(),
                        unanswered -> unanswered.stream()
                                .map(Dispatched::tenant)
                                .collect(Collectors.toSet())
                                .containsAll(tenants));
        runs.forEach(run -> play(rollout, run, outcome));
        return runs;
    }

    private void play(UUID rollout, Dispatched command, RunOutcome outcome) {
        String tenant = command.tenant();
        UUID run = command.run().runId();
        List<String> steps = command.run().steps().stream().map(Version::text).toList();
        switch (outcome) {
            case SUCCEEDED -> {
                agent.runStarted(tenant, rollout, run);
                Direction direction = command.run().direction();
                for (String version : steps) {
                    agent.stepStarted(tenant, rollout, run, version, direction);
                    agent.stepSucceeded(tenant, rollout, run, version, checksum(version), direction);
                }
                agent.runFinished(tenant, rollout, run, RunOutcome.SUCCEEDED, null);
            }
            case FAILED -> {
                agent.runStarted(tenant, rollout, run);
                agent.stepStarted(tenant, rollout, run, steps.getFirst());
                agent.stepFailed(tenant, rollout, run, steps.getFirst(), FAILURE);
                agent.runFinished(
                        tenant, rollout, run, RunOutcome.FAILED, "step " + steps.getFirst() + " failed: " + FAILURE);
            }
            case CANCELLED ->
                agent.runFinished(tenant, rollout, run, RunOutcome.CANCELLED, "cancelled before its first step");
        }
        answered.add(run);
    }

    /** The catalog's checksum of a migration, as an agent reports it after applying the migration. */
    private String checksum(String version) {
        if (checksums.isEmpty()) {
            for (Map<String, Object> m : getJson("/api/migrations").<Map<String, Object>>getList("$")) {
                checksums.put((String) m.get("version"), (String) m.get("checksum"));
            }
        }
        return checksums.get(version);
    }

    private static String json(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
