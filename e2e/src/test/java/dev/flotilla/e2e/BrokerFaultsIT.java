package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.testkit.Fleet;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the broker itself, on the real system: the packaged coordinator and one agent at each of
 * two sites as processes, on a broker that is a process of its own ({@link BrokerProcess}). Every
 * scenario asserts from the tenants' own history tables (and {@link FaultFixture}'s effect log), and
 * from what the coordinator's API shows.
 *
 * <p>One system serves both scenarios, each with its own tenants (odd ones at site-a, even ones at
 * site-b):
 *
 * <ul>
 *   <li>tenants 1–48: the broker is killed with SIGKILL mid-rollout and started again;
 *   <li>tenants 49–60: the events topic is replayed from its beginning into the running coordinator,
 *       and its consumer group is rewound while it is down;
 *   <li>tenants 61–84: site-c, served by two agents in one consumer group; the network between one of
 *       them and the broker (it reaches the broker only through the broker's {@link
 *       BrokerProcess#proxy}) is cut for longer than its group session, then restored.
 * </ul>
 *
 * <p>Consumers leave their group after 6 s of silence (the broker's minimum), as in {@link
 * SystemFaultsIT} ({@link TestSystem#QUICK_COORDINATOR_GROUPS}), so a killed coordinator's group is soon empty and can be rewound.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFaultsIT {

    private static final List<String> RESTART = TenantIds.range(1, 48);
    private static final List<String> REPLAY = TenantIds.range(49, 60);
    private static final List<String> CUT = TenantIds.range(61, 84);
    private static final int TWO_SITES = 60;
    private static final int TOTAL = 84;
    /** site-c's agent that reaches the broker through the proxy only, and the one beside it. */
    private static final String CUT_AGENT = "agent-site-c-1";

    private static final String OTHER_AGENT = "agent-site-c-2";
    /** How long the cut lasts at least: more than three times the agents' 6 s group session. */
    private static final Duration CUT_FOR = Duration.ofSeconds(20);
    /** Each step's duration at site-c: a run takes four times this. */
    private static final double STEP_SECONDS = 2;
    /** The cut-off agent's {@code report-stall}. */
    private static final String REPORT_STALL = "500ms";
    /**
     * After the cut, how long the cut-off agent may go on: the step each of its runs was in (at most
     * one step's duration), its report stall, and the step a run may have begun just before that,
     * with room to spare. Had its runs gone on to their later steps, the last of them would end up
     * to four steps' durations after the cut.
     */
    private static final Duration SETTLE = Duration.ofSeconds(6);
    /** How much longer than {@link #CUT_FOR} the cut may last, waiting for the takeover. */
    private static final Duration TAKEOVER_WAIT = Duration.ofSeconds(40);
    /** How long the broker stays down: many of the clients' reconnect attempts (their backoff tops out at 1 s). */
    private static final Duration BROKER_DOWN = Duration.ofSeconds(8);
    /** The coordinator's consumer group on the events topic (its application.properties). */
    private static final String EVENTS_GROUP = "flotilla-coordinator";
    /** site-c's agents' consumer group on its command topic (the agent's application.properties). */
    private static final String SITE_C_GROUP = "flotilla-agents-site-c";

    @TempDir
    static Path migrations;

    private static BrokerProcess broker;
    private static TestSystem system;
    private static Api api;
    private static FleetLedger ledger;

    @BeforeAll
    static void startSystem() throws Exception {
        FaultFixture.writeMigrations(migrations);
        BrokerProcess started = BrokerProcess.startBehindProxy("kafka-brokerfaults");
        broker = started;
        system = TestSystem.create("brokerfaults", started);
        List<String> ids = Fleet.createSchemas(system.pg(), system.fleetDb(), TOTAL);
        system.fleetSql(FaultFixture.SQL);
        system.coordinator(migrations, TestSystem.QUICK_COORDINATOR_GROUPS)
                .twoSites(ids.subList(0, TWO_SITES), i -> TestSystem.QUICK_AGENT_GROUP);
        Map<String, String> proxied = new HashMap<>(TestSystem.QUICK_AGENT_GROUP);
        proxied.put("kafka.bootstrap.servers", started.proxiedBootstrapServers());
        proxied.put("flotilla.agent.heartbeat-interval", "2s");
        proxied.put("flotilla.agent.report-stall", REPORT_STALL);
        // every step its own transaction, so a run of it is seen one step at a time
        proxied.put("flotilla.agent.steps-per-transaction", "1");
        system.agent(CUT_AGENT, "site-c", CUT, proxied);
        system.agent(OTHER_AGENT, "site-c", CUT, TestSystem.QUICK_AGENT_GROUP);
        system.awaitReady(TOTAL);
        api = system.api();
        ledger = new FleetLedger(system);
    }

    /** Stops every process, the broker included, and drops the databases, also after a failed start. */
    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        } else if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void shouldCompleteTheRolloutAndApplyEachStepOnceWhenTheBrokerIsKilledAndRestartedMidRollout() throws Exception {
        // given a rollout of 48 tenants at two sites, 6 at a time, each step 0002 taking 0.5 s
        FaultFixture.pause(system, RESTART, "0002", 0.5);
        String id = startRollout(RESTART, "0004", 6);
        JsonNode atKill = system.awaitRollout(id, "a quarter done", r -> succeeded(r) >= 12);
        await("a step executing")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> FaultFixture.anyAsleep(system));

        // when the broker is killed with SIGKILL in the middle of that step, stays down a while, and
        // starts again on its data
        long killedPid = broker.process().pid();
        Instant killedAt = Instant.now();
        broker.kill();
        Thread.sleep(BROKER_DOWN.toMillis());
        Instant restartedAt = Instant.now();
        broker.restart();

        // then the rollout completes without a false failure: all 48 at the target, each step once
        JsonNode done = system.awaitStopped(id);
        assertThat(succeeded(atKill)).as("killed mid-rollout").isLessThan(RESTART.size());
        assertThat(broker.process().pid()).as("a new broker process").isNotEqualTo(killedPid);
        assertThat(stepsTakingEffectBetween(RESTART, killedAt, restartedAt))
                .as("steps committed while the broker was down, their events sent only after its restart")
                .isPositive();
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("runs").get("succeeded").asInt()).isEqualTo(RESTART.size());
        assertThat(done.get("runs").get("failed").asInt()).isZero();
        assertThat(done.get("failures")).isEmpty();
        ledger.assertAppliedOnce(RESTART, FaultFixture.VERSIONS);
        ledger.assertMatrixMatchesHistory(RESTART, FaultFixture.VERSIONS);
        // and every service is ready again, its broker clients reconnected
        for (String service : List.of(TestSystem.COORDINATOR, "agent-site-a", "agent-site-b", CUT_AGENT, OTHER_AGENT)) {
            system.service(service).awaitReady();
        }
    }

    @Test
    @Order(2)
    void shouldChangeNothingWhenTheEventsTopicIsReplayedFromTheBeginningIntoTheCoordinator() throws Exception {
        // given a completed rollout of 12 tenants, its every event folded
        assertThat(system.rollOut(TenantIds.numbers(REPLAY), "0002", 4)).isEqualTo("COMPLETED");
        ledger.assertMatrixMatchesHistory(REPLAY, FaultFixture.VERSIONS);
        TopicReplay replay = new TopicReplay(system.bootstrapServers());
        replay.awaitConsumed(EVENTS_GROUP, Topics.EVENTS);
        Map<String, Object> before = observed();

        // when every event on the topic is published again, each a new offset, and the coordinator reads them
        int copies = replay.republish(Topics.EVENTS);
        replay.awaitConsumed(EVENTS_GROUP, Topics.EVENTS);

        // then nothing changed: not the rollouts, the matrix, the tenants, the dead letters or a history table
        assertThat(copies).as("events replayed").isGreaterThan(TOTAL);
        assertThat(JsonDifferences.between(before, observed())).isEmpty();

        // and when the coordinator's group is rewound to the beginning while it is down, and it restarts
        system.crashAndRestart(TestSystem.COORDINATOR, () -> replay.rewind(EVENTS_GROUP, Topics.EVENTS));
        replay.awaitConsumed(EVENTS_GROUP, Topics.EVENTS);

        // then it folded the whole topic again, originals and copies, and still nothing changed
        assertThat(JsonDifferences.between(before, observed())).isEmpty();

        // and a new rollout of the same tenants still works
        assertThat(system.rollOut(TenantIds.numbers(REPLAY), "0004", 4)).isEqualTo("COMPLETED");
        ledger.assertAppliedOnce(REPLAY, FaultFixture.VERSIONS);
        ledger.assertMatrixMatchesHistory(REPLAY, FaultFixture.VERSIONS);
    }

    @Test
    @Order(3)
    void shouldStopAfterItsCurrentStepAndApplyNothingTwiceWhenAnAgentIsCutOffFromTheBrokerForLongerThanItsSession()
            throws Exception {
        // given a rollout of the 24 site-c tenants its two agents share, 8 at a time, each step taking
        // 2 s, under way on both agents
        for (String version : FaultFixture.VERSIONS) {
            FaultFixture.pause(system, CUT, version, STEP_SECONDS);
        }
        Instant started = Instant.now();
        String id = startRollout(CUT, "0004", 8);
        // (and agent-site-c-1 has just begun a run: one step of it applied, so the run cannot end in
        // the step it is in and the next, which is all an agent may do before it notices the cut)
        await("both site-c agents applying steps, agent-site-c-1 one step into a run")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    system.assertAlive();
                    Map<String, Integer> applied = appliedBy(started, null);
                    return applied.getOrDefault(CUT_AGENT, 0) >= 2
                            && applied.getOrDefault(OTHER_AGENT, 0) >= 2
                            && appliedByTenant(started, null).containsValue(Map.of(CUT_AGENT, 1));
                });

        // when the network between agent-site-c-1 and the broker is cut, for longer than its group session
        Instant cutAt = Instant.now();
        broker.proxy().cut();
        Thread.sleep(SETTLE.toMillis());
        Instant settledAt = Instant.now();
        Map<String, Map<String, Integer>> atSettle = appliedByTenant(started, settledAt);
        List<String> halfDone = CUT.stream()
                .filter(t -> atSettle.get(t).getOrDefault(CUT_AGENT, 0) > 0)
                .filter(t -> atSettle.get(t).values().stream()
                                .mapToInt(Integer::intValue)
                                .sum()
                        < FaultFixture.VERSIONS.size())
                .toList();
        assertThat(halfDone)
                .as("tenants agent-site-c-1 let go of half-way: %s", atSettle)
                .isNotEmpty();
        Thread.sleep(CUT_FOR.minus(SETTLE).toMillis());
        // (and the cut lasts until the other agent has taken over one of the tenants it let go of:
        // its group session must expire, and the other be given its partitions and their commands)
        await("agent-site-c-2 going on with a tenant agent-site-c-1 let go of")
                .atMost(TAKEOVER_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Map<String, Map<String, Integer>> since = appliedByTenant(cutAt, null);
                    return halfDone.stream().anyMatch(t -> since.get(t).getOrDefault(OTHER_AGENT, 0) > 0);
                });
        Instant restoredAt = Instant.now();
        broker.proxy().restore();

        // then, soon after the cut (once the steps its runs were in had ended), the cut-off agent applied
        // nothing more until the network came back, while the other agent of the site went on
        assertThat(broker.proxy().refused())
                .as("the cut-off agent tried to reconnect")
                .isPositive();
        assertThat(appliedBy(settledAt, restoredAt))
                .as("steps applied while agent-site-c-1 was cut off, by agent")
                .doesNotContainKey(CUT_AGENT)
                .containsKey(OTHER_AGENT);
        // (and it let go of the tenants it was migrating: the other agent took one of them over during
        // the cut, which the cut waited for above)
        // and the rollout completes without a false failure, each step applied once
        JsonNode done = system.awaitStopped(id);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("runs").get("succeeded").asInt()).isEqualTo(CUT.size());
        assertThat(done.get("runs").get("failed").asInt()).isZero();
        assertThat(done.get("failures")).isEmpty();
        ledger.assertAppliedOnce(CUT, FaultFixture.VERSIONS);
        ledger.assertMatrixMatchesHistory(CUT, FaultFixture.VERSIONS);
        assertThat(appliedBy(started, cutAt))
                .as("both agents worked before the cut")
                .containsKeys(CUT_AGENT, OTHER_AGENT);
        // and the cut-off agent is back: in its site's consumer group again, its heartbeats heard
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()))) {
            await("both site-c agents in the group again")
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> admin.describeConsumerGroups(List.of(SITE_C_GROUP))
                                    .all()
                                    .get()
                                    .get(SITE_C_GROUP)
                                    .members()
                                    .size()
                            == 2);
        }
        await("agent-site-c-1 heard again").atMost(Duration.ofMinutes(1)).until(() -> {
            for (JsonNode agent : api.get("/api/agents")) {
                if (agent.get("id").asText().equals(CUT_AGENT)) {
                    return agent.get("silentForSeconds").asLong() < 5;
                }
            }
            return false;
        });
    }

    // ---- helpers

    /** Each site-c tenant's steps applied after {@code from} and up to {@code to}, by tenant, then agent. */
    private static Map<String, Map<String, Integer>> appliedByTenant(Instant from, Instant to) throws Exception {
        Map<String, Map<String, Integer>> byTenant = new LinkedHashMap<>();
        try (Connection c = system.pg().connect(system.fleetDb())) {
            for (String tenant : CUT) {
                byTenant.put(tenant, TenantHistory.appliedBy(c, List.of(tenant), from, to));
            }
        }
        return byTenant;
    }

    /** The site-c tenants' applied steps after {@code from} and up to {@code to} (if not null), by agent. */
    private static Map<String, Integer> appliedBy(Instant from, Instant to) throws Exception {
        try (Connection c = system.pg().connect(system.fleetDb())) {
            return TenantHistory.appliedBy(c, CUT, from, to);
        }
    }

    /**
     * Everything an operator sees of the fleet, by what it is: each rollout (its state, run counts,
     * waves and audited actions), every matrix cell with its last update, the matrix summary, the
     * tenants with their versions and inventory times, the dead letters, and every tenant's history
     * rows and step effects.
     */
    private static Map<String, Object> observed() throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        for (JsonNode rollout : api.get("/api/rollouts")) {
            String id = rollout.get("id").asText();
            seen.put("rollout " + id, api.get("/api/rollouts/" + id));
        }
        seen.put("matrix", api.get("/api/matrix?size=1000"));
        seen.put("matrix summary", api.get("/api/matrix/summary"));
        seen.put("tenants", api.get("/api/tenants"));
        seen.put("dead letters", api.get("/api/dead-letters"));
        seen.put(
                "histories",
                system.histories(IntStream.rangeClosed(1, TWO_SITES).boxed().toList()));
        seen.put("effects", FaultFixture.effects(system));
        return seen;
    }

    /** How many steps of {@code tenants} took effect between {@code from} and {@code to}. */
    private static int stepsTakingEffectBetween(List<String> tenants, Instant from, Instant to) throws Exception {
        try (Connection c = system.pg().connect(system.fleetDb());
                PreparedStatement s = c.prepareStatement("select count(*) from public.fault_effects"
                        + " where tenant = any (?) and at > ? and at < ?")) {
            s.setArray(1, c.createArrayOf("text", tenants.toArray()));
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String startRollout(List<String> tenants, String version, int maxParallel) throws Exception {
        return system.startRollout(TenantIds.numbers(tenants), version, maxParallel);
    }

    private static int succeeded(JsonNode rollout) {
        return rollout.get("runs").get("succeeded").asInt();
    }
}
