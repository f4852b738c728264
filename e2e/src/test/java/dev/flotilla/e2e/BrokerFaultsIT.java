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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
 *       and its consumer group is rewound while it is down.
 * </ul>
 *
 * <p>Consumers leave their group after 6 s of silence (the broker's minimum), as in {@link
 * SystemFaultsIT} ({@link TestSystem#QUICK_COORDINATOR_GROUPS}), so a killed coordinator's group is soon empty and can be rewound.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFaultsIT {

    private static final List<String> RESTART = TenantIds.range(1, 48);
    private static final List<String> REPLAY = TenantIds.range(49, 60);
    private static final int TOTAL = 60;
    /** How long the broker stays down: many of the clients' reconnect attempts (their backoff tops out at 1 s). */
    private static final Duration BROKER_DOWN = Duration.ofSeconds(8);
    /** The coordinator's consumer group on the events topic (its application.properties). */
    private static final String EVENTS_GROUP = "flotilla-coordinator";

    @TempDir
    static Path migrations;

    private static BrokerProcess broker;
    private static TestSystem system;
    private static Api api;
    private static FleetLedger ledger;

    @BeforeAll
    static void startSystem() throws Exception {
        FaultFixture.writeMigrations(migrations);
        BrokerProcess started = BrokerProcess.start("kafka-brokerfaults");
        broker = started;
        system = TestSystem.create("brokerfaults", started);
        List<String> ids = Fleet.createSchemas(system.pg(), system.fleetDb(), TOTAL);
        system.fleetSql(FaultFixture.SQL);
        system.coordinator(migrations, TestSystem.QUICK_COORDINATOR_GROUPS)
                .twoSites(ids, i -> TestSystem.QUICK_AGENT_GROUP);
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
        for (String service : List.of(TestSystem.COORDINATOR, "agent-site-a", "agent-site-b")) {
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

    // ---- helpers

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
                system.histories(IntStream.rangeClosed(1, TOTAL).boxed().toList()));
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
