package dev.flotilla.coordinator;

import static dev.flotilla.coordinator.CoordinatorApi.await;
import static dev.flotilla.coordinator.CoordinatorApi.getJson;
import static dev.flotilla.coordinator.CoordinatorApi.post;
import static dev.flotilla.coordinator.CoordinatorTestResources.SITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.testkit.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
 * The coordinator's metrics, scraped from {@code /q/metrics} over HTTP while a phased rollout runs
 * on a real broker and database: it waits for an approval, then halts on a failed tenant, and a
 * message is set aside on the way. The class runs in an application of its own, so every count is
 * this story's alone.
 */
@QuarkusTest
@WithTestResource(MetricsFlowTest.MetricsTestResources.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsFlowTest {

    @BeforeAll
    static void authenticate() {
        TestCallers.useBootstrap();
    }

    /** The usual infrastructure, started afresh, with the fleet's gauges refreshed every second. */
    public static class MetricsTestResources extends CoordinatorTestResources {
        @Override
        protected void configure(Map<String, String> config) {
            super.configure(config);
            config.put("flotilla.metrics.refresh-interval", "1s");
        }
    }

    private static final String CANARY = "metrics_canary";
    private static final String REST = "metrics_rest";
    private static final String QUIET_AGENT = "agent-quiet";

    @TestHTTPResource("/q/metrics")
    URI metrics;

    private FakeAgent agent;
    private TopicLog commands;
    private CoordinatorDb db;
    private UUID rollout;

    @BeforeAll
    void connect() {
        Config config = ConfigProvider.getConfig();
        String bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        agent = new FakeAgent(bootstrap);
        commands = new TopicLog(bootstrap, Topics.commands(SITE));
        db = CoordinatorDb.ofConfig(config);
    }

    @AfterAll
    void disconnect() {
        agent.close();
        commands.close();
    }

    @Test
    @Order(1)
    void shouldReportTheRolloutTheCellsAndTheAgentWhenAWaveWaitsForAnApproval() {
        // given two tenants, and an agent last heard from two minutes ago
        List<Envelope<?>> inventories =
                List.of(agent.publishInventory(CANARY, SITE, Map.of()), agent.publishInventory(REST, SITE, Map.of()));
        await().until(() -> inventories.stream().allMatch(inventory -> db.processed(inventory.id())));
        agent.heartbeat(QUIET_AGENT, SITE, Instant.now().minus(Duration.ofMinutes(2)));

        // when a rollout's canary succeeds and its second wave needs an approval
        rollout = UUID.fromString(post("/api/rollouts", "alice", """
                {"target": {"version": "0001"}, "tenants": ["%s", "%s"],
                 "waves": [{"name": "canary", "select": "id in (%s)"},
                           {"name": "everyone", "select": "*", "approval": true}]}
                """.formatted(CANARY, REST, CANARY), 201)
                .getString("id"));
        play(CANARY, RunOutcome.SUCCEEDED);

        // then the scrape shows the rollout held by the approval, the cells it moved and the agent
        await().untilAsserted(() -> {
            Scrape scrape = Scrape.of(metrics);
            assertThat(scrape.named("flotilla_rollouts"))
                    .containsOnly(
                            entry("flotilla_rollouts{state=\"running\"}", 1.0),
                            entry("flotilla_rollouts{state=\"completed\"}", 0.0),
                            entry("flotilla_rollouts{state=\"halted\"}", 0.0),
                            entry("flotilla_rollouts{state=\"cancelled\"}", 0.0),
                            entry("flotilla_rollouts{state=\"paused\"}", 0.0));
            assertThat(scrape.samples())
                    .contains(
                            entry("flotilla_approvals_waiting", 1.0),
                            entry("flotilla_cells{state=\"applied\",version=\"0001\"}", 1.0),
                            entry("flotilla_cells{state=\"pending\",version=\"0001\"}", 1.0),
                            entry("flotilla_cells{state=\"pending\",version=\"0002\"}", 2.0),
                            entry("flotilla_cells{state=\"pending\",version=\"0003\"}", 2.0),
                            entry("flotilla_events_folded_total{type=\"Inventory\"}", 2.0),
                            entry("flotilla_events_folded_total{type=\"RunStarted\"}", 1.0),
                            entry("flotilla_events_folded_total{type=\"StepSucceeded\"}", 1.0),
                            entry("flotilla_events_folded_total{type=\"RunFinished\"}", 1.0));
            assertThat(scrape.value("flotilla_approvals_oldest_wait_seconds"))
                    .hasValueSatisfying(seconds -> assertThat(seconds).isGreaterThanOrEqualTo(0.0));
            assertThat(scrape.value("flotilla_agent_heartbeat_age_seconds{agent=\"" + QUIET_AGENT + "\",site=\"" + SITE
                            + "\"}"))
                    .hasValueSatisfying(seconds -> assertThat(seconds).isGreaterThanOrEqualTo(120.0));
            assertThat(scrape.named("flotilla_consumer_records_lag_max"))
                    .as("the events consumer's lag, the only metric kept of the Kafka clients'")
                    .containsKey("flotilla_consumer_records_lag_max{client_id=\"kafka-consumer-events\"}");
            assertThat(scrape.samples().keySet()).noneMatch(series -> series.startsWith("kafka_"));
        });
    }

    @Test
    @Order(2)
    void shouldReportTheHaltedRolloutAndTheDeadLetterWhenATenantFailsAndAnEventIsUnreadable() {
        // when the second wave is approved and its tenant fails, and an unreadable event arrives
        post("/api/rollouts/" + rollout + "/approve", "carol", "{}", 200);
        play(REST, RunOutcome.FAILED);
        agent.sendRaw("garbage", "{not json".getBytes(StandardCharsets.UTF_8));
        await().until(() -> getJson("/api/rollouts/" + rollout).getString("state"), "HALTED"::equals);

        // then
        await().untilAsserted(() -> assertThat(Scrape.of(metrics).samples())
                .contains(
                        entry("flotilla_rollouts{state=\"running\"}", 0.0),
                        entry("flotilla_rollouts{state=\"halted\"}", 1.0),
                        entry("flotilla_approvals_waiting", 0.0),
                        entry("flotilla_approvals_oldest_wait_seconds", 0.0),
                        entry("flotilla_cells{state=\"applied\",version=\"0001\"}", 1.0),
                        entry("flotilla_cells{state=\"failed\",version=\"0001\"}", 1.0),
                        entry("flotilla_cells{state=\"pending\",version=\"0001\"}", 0.0),
                        entry("flotilla_dead_letters{set_aside_by=\"coordinator\"}", 1.0),
                        entry("flotilla_dead_letters{set_aside_by=\"agent\"}", 0.0),
                        entry("flotilla_outbox_rows", 0.0),
                        entry("flotilla_outbox_oldest_age_seconds", 0.0),
                        entry("flotilla_events_folded_total{type=\"Inventory\"}", 2.0),
                        entry("flotilla_events_folded_total{type=\"RunStarted\"}", 2.0),
                        entry("flotilla_events_folded_total{type=\"StepSucceeded\"}", 1.0),
                        entry("flotilla_events_folded_total{type=\"StepFailed\"}", 1.0),
                        entry("flotilla_events_folded_total{type=\"RunFinished\"}", 2.0)));
        // and the health check says this coordinator leads, with the epoch it stamps on its commands
        JsonPath health = getJson("/q/health/ready");
        Map<String, Object> leadership = health.getMap("checks.find { it.name == 'flotilla-leadership' }.data");
        assertThat(leadership).containsEntry("leading", true);
        assertThat(((Number) leadership.get("epoch")).longValue()).isPositive();
        assertThat(Scrape.of(metrics).samples()).contains(entry("flotilla_leader", 1.0));
    }

    /** Plays the agent for the tenant's run command of the rollout: started, then its one step's outcome. */
    private void play(String tenant, RunOutcome outcome) {
        RunTenant run = await().until(
                        () -> commands.records().stream()
                                .filter(r -> tenant.equals(r.key())
                                        && rollout.equals(r.envelope().rollout()))
                                .map(r -> r.envelope().payload())
                                .filter(RunTenant.class::isInstance)
                                .map(RunTenant.class::cast)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        String version = run.steps().getFirst().text();
        agent.runStarted(tenant, rollout, run.runId());
        if (outcome == RunOutcome.SUCCEEDED) {
            agent.stepSucceeded(tenant, rollout, run.runId(), version, checksum(version));
            agent.runFinished(tenant, rollout, run.runId(), outcome, null);
        } else {
            agent.stepFailed(tenant, rollout, run.runId(), version, "relation \"widgets\" does not exist");
            agent.runFinished(tenant, rollout, run.runId(), outcome, "step " + version + " failed");
        }
    }

    private static String checksum(String version) {
        return getJson("/api/migrations").getString("find { it.version == '" + version + "' }.checksum");
    }
}
