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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes on the real system: the packaged coordinator and agents as separate processes, killed with
 * SIGKILL mid-rollout and started again with the same configuration. Every scenario asserts from the
 * tenants' own history tables (and {@link FaultFixture}'s effect log): every tenant ends at its target,
 * nothing is applied twice, and the coordinator's matrix equals the history tables.
 *
 * <p>One system serves every scenario, each with its own tenants and rollout, so they stay independent:
 *
 * <ul>
 *   <li>tenants 1–200: the coordinator crashes (odd ones at site-a, even ones at site-b);
 *   <li>tenants 201–210 and 211–220: an agent crash in a transactional and in a non-transactional
 *       step (site-a);
 *   <li>tenants 221–260: site-c, served by two agents in one consumer group, one of which dies;
 *   <li>tenants 261–280: a rollout while garbage is published to every topic (sites a and b);
 *   <li>tenants 281–284: a rollout after a command naming no tenant (site-b).
 * </ul>
 *
 * <p>Consumers here leave their group after 6 s of silence (the broker's minimum) instead of the
 * default 45 s, so a killed process's partitions move on quickly; that is configuration, not a
 * shortcut: the same happens later with the defaults.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemFaultsIT {

    private static final List<String> CRASH_FLEET = TenantIds.range(1, 200);
    private static final List<String> TX_KILL = TenantIds.range(201, 210);
    private static final List<String> NON_TX_KILL = TenantIds.range(211, 220);
    private static final List<String> PAIR = TenantIds.range(221, 260);
    private static final List<String> POISONED = TenantIds.range(261, 280);
    private static final List<String> AFTER_NULL_TENANT = TenantIds.range(281, 284);
    private static final int TOTAL = 284;
    private static final String COORDINATOR_LETTERS = "/api/dead-letters?setAsideBy=coordinator&limit=1000";

    @TempDir
    static Path migrations;

    private static TestSystem system;
    private static Api api;
    private static FleetLedger ledger;

    @BeforeAll
    static void startSystem() throws Exception {
        FaultFixture.writeMigrations(migrations);
        system = TestSystem.create("faults");
        Fleet.createSchemas(system.pg(), system.fleetDb(), TOTAL);
        system.fleetSql(FaultFixture.SQL);
        system.coordinator(migrations, TestSystem.QUICK_COORDINATOR_GROUPS);
        List<String> siteA = new ArrayList<>();
        List<String> siteB = new ArrayList<>();
        for (int i = 1; i <= CRASH_FLEET.size(); i++) {
            (i % 2 == 1 ? siteA : siteB).add(Fleet.tenantId(i));
        }
        siteA.addAll(TX_KILL);
        siteA.addAll(NON_TX_KILL);
        for (int i = 0; i < POISONED.size(); i++) {
            (i % 2 == 0 ? siteA : siteB).add(POISONED.get(i));
        }
        siteB.addAll(AFTER_NULL_TENANT);
        Map<String, String> siteAConfig = new HashMap<>(TestSystem.QUICK_AGENT_GROUP);
        // PostgreSQL's check that the agent is still connected (10 s by default) would end a killed
        // agent's session at some moment of its interval, so whether a step sent just before the kill
        // commits would be left to chance; without it, the session runs its message to the end, and
        // the scenario that needs a rollback ends the session itself, as the check would
        siteAConfig.put("flotilla.agent.tenant-session.connection-check-interval", "0s");
        system.agent("site-a", siteA, siteAConfig);
        system.agent("site-b", siteB, TestSystem.QUICK_AGENT_GROUP);
        system.agent("agent-site-c-1", "site-c", PAIR, TestSystem.QUICK_AGENT_GROUP);
        system.agent("agent-site-c-2", "site-c", PAIR, TestSystem.QUICK_AGENT_GROUP);
        system.awaitReady(TOTAL);
        api = system.api();
        ledger = new FleetLedger(system);
    }

    @Test
    @Order(1)
    void shouldCompleteA200TenantPhasedRolloutWhenTheCoordinatorIsKilledDuringDispatchAtTheGateAndInFlight()
            throws Exception {
        // given a two-wave rollout of 200 tenants, 100 a wave, a 10 s soak between the waves
        FaultFixture.pause(system, CRASH_FLEET, "0002", 0.1);
        String id = api.post(
                        "/api/rollouts",
                        "{\"target\": {\"version\": \"0004\"}, \"tenants\": " + TenantIds.json(CRASH_FLEET) + ","
                                + " \"waves\": [{\"name\": \"first\", \"select\": \"*\", \"limit\": 100,"
                                + " \"soak\": \"10s\"}, {\"name\": \"rest\", \"select\": \"*\"}],"
                                + " \"concurrency\": {\"fleet\": 10}}",
                        201)
                .get("id")
                .asText();

        // when the coordinator is killed while it dispatches the first wave
        JsonNode dispatching = system.awaitRollout(
                id,
                "first commands dispatched",
                r -> r.get("runs").get("dispatched").asInt()
                                + r.get("runs").get("running").asInt()
                        > 0);
        system.crashAndRestart(TestSystem.COORDINATOR, () -> {});
        assertThat(dispatching.get("waves").get(0).get("done").asInt())
                .as("killed before the first wave was done")
                .isLessThan(100);

        // and again while the first wave soaks at the gate
        JsonNode soaking = system.awaitRollout(
                id, "first wave soaking", r -> wave(r, 0).get("status").asText().equals("soaking"));
        system.crashAndRestart(TestSystem.COORDINATOR, () -> {});
        assertThat(wave(soaking, 1).get("startedAt"))
                .as("the gate was closed at the kill")
                .isNull();

        // and again while the second wave runs, its agents' events piling up unread
        JsonNode inFlight = system.awaitRollout(
                id, "second wave running", r -> wave(r, 1).get("done").asInt() >= 10);
        system.crashAndRestart(TestSystem.COORDINATOR, () -> {});
        assertThat(wave(inFlight, 1).get("done").asInt())
                .as("killed before the last wave was done")
                .isLessThan(100);

        // then the rollout completes: all 200 at the target, nothing applied twice
        JsonNode done = system.awaitStopped(id);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("runs").get("succeeded").asInt()).isEqualTo(200);
        ledger.assertAppliedOnce(CRASH_FLEET, FaultFixture.VERSIONS);
        ledger.assertMatrixMatchesHistory(CRASH_FLEET, FaultFixture.VERSIONS);

        // and each wave started once: its start survived the kills, the second after the first's soak
        Instant firstStarted = Instant.parse(wave(soaking, 0).get("startedAt").asText());
        Instant firstDone = Instant.parse(wave(soaking, 0).get("doneAt").asText());
        Instant restStarted = Instant.parse(wave(inFlight, 1).get("startedAt").asText());
        assertThat(Instant.parse(wave(done, 0).get("startedAt").asText())).isEqualTo(firstStarted);
        assertThat(Instant.parse(wave(done, 0).get("doneAt").asText())).isEqualTo(firstDone);
        assertThat(Instant.parse(wave(done, 1).get("startedAt").asText())).isEqualTo(restStarted);
        assertThat(restStarted).isAfterOrEqualTo(firstDone.plusSeconds(10));
        assertThat(firstTouched(CRASH_FLEET.subList(100, 200)))
                .as("no tenant of the second wave was touched before its gate opened")
                .isAfterOrEqualTo(restStarted);
        ServiceProcess coordinator = system.service(TestSystem.COORDINATOR);
        assertThat(coordinator.logCount("wave started rollout=" + id + " wave=first"))
                .isEqualTo(1);
        assertThat(coordinator.logCount("wave started rollout=" + id + " wave=rest"))
                .isEqualTo(1);
    }

    /**
     * A transactional step travels to PostgreSQL in one message with its history row and its {@code
     * COMMIT}, so a session whose agent died mid-step runs on and commits unless PostgreSQL ends it
     * first. Both happen here, one tenant each: {@code committed}'s step commits after its agent died,
     * before its events were sent, and is reported from the history table after the restart, not run
     * again; {@code rolledBack}'s session is ended, PostgreSQL rolls the step back, and the restarted
     * agent applies it. Either way, once.
     */
    @Test
    @Order(2)
    void shouldApplyATransactionalStepOnceWhenTheAgentIsKilledInTheMiddleOfIt() throws Exception {
        // given a rollout whose first two tenants' second step sleeps 4 s
        String committed = TX_KILL.get(0);
        String rolledBack = TX_KILL.get(1);
        FaultFixture.pause(system, List.of(committed, rolledBack), "0002", 4);
        String id = startRollout(TX_KILL, "0002", 4);
        await("step 0002 of both executing")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> FaultFixture.sleepers(system, "0002", committed).size()
                                + FaultFixture.sleepers(system, "0002", rolledBack)
                                        .size()
                        == 2);

        // when their agent is killed in the middle of the step, and started again
        List<Integer> sessions = new ArrayList<>(FaultFixture.sleepers(system, "0002", committed));
        sessions.addAll(FaultFixture.sleepers(system, "0002", rolledBack));
        system.crashAndRestart("agent-site-a", () -> {
            FaultFixture.terminate(
                    system, FaultFixture.sleepers(system, "0002", rolledBack).getFirst());
            await("the killed agent's sessions ended")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !FaultFixture.anyAlive(system, sessions));
            // then one step committed whole with its history row, the other left no trace
            assertThat(ledger.states(committed, "0002")).isEqualTo(Map.of("up applied", 1));
            assertThat(FaultFixture.effects(system).get(committed)).containsEntry("0002", 1);
            assertThat(ledger.states(rolledBack, "0002")).isEmpty();
            assertThat(FaultFixture.effects(system).getOrDefault(rolledBack, Map.of()))
                    .doesNotContainKey("0002");
            FaultFixture.pause(system, List.of(committed, rolledBack), "0002", 0.5);
        });

        // and after the restart every step is applied exactly once
        JsonNode done = system.awaitStopped(id);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("runs").get("succeeded").asInt()).isEqualTo(TX_KILL.size());
        ledger.assertAppliedOnce(TX_KILL, List.of("0001", "0002"));
        ledger.assertMatrixMatchesHistory(TX_KILL, FaultFixture.VERSIONS);
    }

    @Test
    @Order(3)
    void shouldReportTheTenantDirtyAndGoOnWithTheOthersWhenTheAgentIsKilledInANonTransactionalStep() throws Exception {
        // given a rollout, one tenant at a time, whose first tenant's non-transactional step sleeps 4 s
        // before its index (one at a time: every tenant killed in a non-transactional step is dirty, and
        // the others' concurrent index builds would wait for the sleeping one's snapshot)
        String slow = NON_TX_KILL.getFirst();
        List<String> others = NON_TX_KILL.subList(1, NON_TX_KILL.size());
        FaultFixture.pause(system, List.of(slow), "0003", 4);
        String id = startRollout(NON_TX_KILL, "0003", 1);
        await("step 0003 of " + slow + " executing")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> FaultFixture.asleepIn(system, "0003"));

        // when its agent is killed in the middle of the step, and started again
        List<Integer> session = FaultFixture.sleepers(system, "0003", slow);
        system.crashAndRestart("agent-site-a", () -> await("the killed agent's session ended")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !FaultFixture.anyAlive(system, session)));

        // then the tenant is reported dirty and stops, its step neither re-run nor counted as done
        JsonNode done = system.awaitStopped(id);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("HALTED");
        assertThat(done.get("runs").get("succeeded").asInt()).isEqualTo(others.size());
        assertThat(done.get("failures")).hasSize(1);
        assertThat(done.get("failures").get(0).get("tenant").asText()).isEqualTo(slow);
        assertThat(done.get("failures").get(0).get("message").asText()).contains("dirty");
        assertThat(ledger.states(slow, "0003")).isEqualTo(Map.of("up running", 1));
        assertThat(FaultFixture.effects(system).get(slow))
                .as("its first statement ran once, and was not run again after the restart")
                .containsEntry("0003", 1);
        assertThat(hasIndex(slow, "items_note_idx")).isFalse();
        // and the other tenants went on to the target
        ledger.assertAppliedOnce(others, List.of("0001", "0002", "0003"));
        ledger.assertNothingAppliedTwice(NON_TX_KILL);
        ledger.assertMatrixMatchesHistory(NON_TX_KILL, FaultFixture.VERSIONS);
    }

    @Test
    @Order(4)
    void shouldMoveTheTenantsToTheOtherAgentOfTheSiteWhenOneIsKilledMidRollout() throws Exception {
        // given a rollout of the 40 tenants site-c's two agents share, each step 0002 taking 0.5 s
        FaultFixture.pause(system, PAIR, "0002", 0.5);
        String id = startRollout(PAIR, "0004", 8);
        system.awaitRollout(
                id,
                "a quarter of site-c done",
                r -> r.get("runs").get("succeeded").asInt() >= 10);

        // when one of the two agents is killed for good
        Instant killedAt = Instant.now();
        system.service("agent-site-c-1").kill();

        // then the other takes its tenants over and the rollout completes without a false failure
        JsonNode done = system.awaitStopped(id);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("runs").get("succeeded").asInt()).isEqualTo(PAIR.size());
        assertThat(done.get("runs").get("failed").asInt()).isZero();
        assertThat(done.get("failures")).isEmpty();
        ledger.assertAppliedOnce(PAIR, FaultFixture.VERSIONS);
        ledger.assertMatrixMatchesHistory(PAIR, FaultFixture.VERSIONS);
        Map<String, Integer> before = appliedBy(PAIR, killedAt, false);
        Map<String, Integer> after = appliedBy(PAIR, killedAt, true);
        assertThat(before).as("both agents worked before the kill").containsKeys("agent-site-c-1", "agent-site-c-2");
        assertThat(after).as("only the survivor after it").containsOnlyKeys("agent-site-c-2");
        // and the agents listing shows the dead one falling silent while the survivor keeps beating
        // (every 10 s)
        await("the killed agent listed as silent").atMost(Duration.ofMinutes(1)).until(() -> {
            Map<String, Long> silence = new HashMap<>();
            for (JsonNode agent : api.get("/api/agents")) {
                silence.put(
                        agent.get("id").asText(), agent.get("silentForSeconds").asLong());
            }
            return silence.get("agent-site-c-1") > 30 && silence.get("agent-site-c-2") < 30;
        });
        Cli.Result listed = new Cli(api.base()).run("agents");
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("agent-site-a", "agent-site-b", "agent-site-c-1", "agent-site-c-2");
    }

    @Test
    @Order(5)
    void shouldCompleteTheRolloutAndStayUpWhenGarbageIsPublishedToEveryTopicMidRollout() throws Exception {
        // given a rollout of 20 tenants at sites a and b
        FaultFixture.pause(system, POISONED, "0002", 0.5);
        int deadLettersBefore = api.get(COORDINATOR_LETTERS).size();
        String id = startRollout(POISONED, "0004", 4);
        system.awaitRollout(
                id,
                "first commands dispatched",
                r -> r.get("runs").get("succeeded").asInt() >= 2);

        // when garbage and half-valid messages reach every topic, keyed as the tenants' own messages
        Map<String, byte[]> poison = PoisonMessages.all(POISONED.getFirst());
        for (String topic : List.of(
                Topics.commands("site-a"), Topics.commands("site-b"), Topics.PLANS, Topics.EVENTS, Topics.AGENTS)) {
            for (String key : POISONED.subList(0, 4)) {
                PoisonMessages.publish(system.bootstrapServers(), topic, key, poison.values());
                if (topic.startsWith("flotilla.commands.")) {
                    // as a coordinator with a bug would send them, signed: checked past the signature
                    PoisonMessages.publish(system.bootstrapServers(), topic, key, poison.values(), system.signingKey());
                }
            }
        }

        // then the rollout completes as if nothing happened
        JsonNode done = system.awaitStopped(id);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("runs").get("succeeded").asInt()).isEqualTo(POISONED.size());
        ledger.assertAppliedOnce(POISONED, FaultFixture.VERSIONS);
        ledger.assertMatrixMatchesHistory(POISONED, FaultFixture.VERSIONS);
        // and every service is up and ready, its channels healthy
        for (String service : List.of(TestSystem.COORDINATOR, "agent-site-a", "agent-site-b")) {
            system.service(service).awaitReady();
        }
        // and the coordinator set each unreadable event aside, saying why
        List<String> reasons = new ArrayList<>();
        JsonNode deadLetters = api.get(COORDINATOR_LETTERS);
        for (int i = 0; i < deadLetters.size() - deadLettersBefore; i++) {
            reasons.add(deadLetters.get(i).get("reason").asText());
        }
        assertThat(reasons)
                .anyMatch(r -> r.contains("not JSON"))
                .anyMatch(r -> r.contains("unknown message type 'SelfDestruct'"))
                .anyMatch(r -> r.contains("malformed RunTenant"))
                .anyMatch(r -> r.contains("run id is missing"))
                .anyMatch(r -> r.contains("no value"));
        // and it lists what the agents set aside: commands from each site's topic (the unsigned ones
        // refused for that, the signed garbage as undecodable), and records on the plans topic that are no plan
        List<Map.Entry<String, String>> agentLetters = List.of(
                Map.entry(Topics.commands("site-a"), "cannot decode the command"),
                Map.entry(Topics.commands("site-a"), "command refused: it is unsigned"),
                Map.entry(Topics.commands("site-b"), "cannot decode the command"),
                Map.entry(Topics.commands("site-b"), "command refused: it is unsigned"),
                Map.entry(Topics.PLANS, "cannot decode the plan"));
        for (Map.Entry<String, String> expected : agentLetters) {
            await("set aside by an agent from " + expected.getKey())
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        for (JsonNode letter : api.get("/api/dead-letters?setAsideBy=agent&limit=1000")) {
                            if (letter.get("topic").asText().equals(expected.getKey())
                                    && letter.get("reason").asText().contains(expected.getValue())) {
                                return true;
                            }
                        }
                        return false;
                    });
        }
        Cli.Result listed = new Cli(api.base()).run("dead-letters", "--by", "agent", "--limit", "1000");
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        assertThat(listed.output())
                .contains(Topics.commands("site-a"), Topics.commands("site-b"), Topics.PLANS, "cannot decode");
    }

    @Test
    @Order(6)
    void shouldKeepServingTheSiteWhenACommandNamesNoTenant() throws Exception {
        // given a well-formed RunTenant on site-b's commands naming no tenant, signed as the
        // coordinator's would be, so the agent reads it
        PoisonMessages.publish(
                system.bootstrapServers(),
                Topics.commands("site-b"),
                null,
                List.of(PoisonMessages.runTenantWithoutTenant()),
                system.signingKey());

        // when a rollout of site-b's tenants follows it
        String id = startRollout(AFTER_NULL_TENANT, "0001", 4);

        // then site-b's agent still runs it
        JsonNode done = system.awaitStopped(id);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        ledger.assertAppliedOnce(AFTER_NULL_TENANT, List.of("0001"));
        system.service("agent-site-b").awaitReady();
    }

    /** Stops every process and drops the databases, whatever the scenarios left. */
    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    // ---- helpers

    private static String startRollout(List<String> tenants, String version, int maxParallel) throws Exception {
        return api.post(
                        "/api/rollouts",
                        "{\"target\": {\"version\": \"" + version + "\"}, \"tenants\": " + TenantIds.json(tenants)
                                + ", \"maxParallel\": " + maxParallel + "}",
                        201)
                .get("id")
                .asText();
    }

    private static JsonNode wave(JsonNode rollout, int position) {
        return rollout.get("waves").get(position);
    }

    /** When the first step of any of {@code tenants} took effect. */
    private static Instant firstTouched(List<String> tenants) throws Exception {
        try (Connection c = system.pg().connect(system.fleetDb());
                PreparedStatement s =
                        c.prepareStatement("select min(at) from public.fault_effects where tenant = any (?)")) {
            s.setArray(1, c.createArrayOf("text", tenants.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    /** Applied history rows of {@code tenants} by agent id, written after {@code at} or not. */
    private static Map<String, Integer> appliedBy(List<String> tenants, Instant at, boolean after) throws Exception {
        try (Connection c = system.pg().connect(system.fleetDb())) {
            return after
                    ? TenantHistory.appliedBy(c, tenants, at, null)
                    : TenantHistory.appliedBy(c, tenants, Instant.EPOCH, at);
        }
    }

    private static boolean hasIndex(String tenant, String index) throws Exception {
        try (Connection c = system.pg().connect(system.fleetDb());
                PreparedStatement s =
                        c.prepareStatement("select 1 from pg_indexes where schemaname = ? and indexname = ?")) {
            s.setString(1, tenant);
            s.setString(2, index);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
