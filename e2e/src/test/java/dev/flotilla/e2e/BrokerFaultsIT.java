package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.testkit.Fleet;
import java.nio.file.Path;
import java.time.Duration;
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

    private static final List<String> RESTART = tenants(1, 48);
    private static final List<String> REPLAY = tenants(49, 60);
    private static final int TOTAL = 60;
    /** How long the broker stays down: longer than any client's session timeout or retry backoff. */
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
        // given a rollout of 48 tenants at two sites, 8 at a time, each step 0002 taking 0.4 s
        FaultFixture.pause(system, RESTART, "0002", 0.4);
        String id = startRollout(RESTART, "0004", 8);
        JsonNode atKill = system.awaitRollout(id, "a quarter done", r -> succeeded(r) >= 12);

        // when the broker is killed with SIGKILL, stays down a while, and starts again on its data
        long killedPid = broker.process().pid();
        broker.kill();
        Thread.sleep(BROKER_DOWN.toMillis());
        broker.restart();

        // then the rollout completes without a false failure: all 48 at the target, each step once
        JsonNode done = system.awaitStopped(id);
        assertThat(succeeded(atKill)).as("killed mid-rollout").isLessThan(RESTART.size());
        assertThat(broker.process().pid()).as("a new broker process").isNotEqualTo(killedPid);
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
        assertThat(system.rollOut(numbers(REPLAY), "0002", 4)).isEqualTo("COMPLETED");
        ledger.assertMatrixMatchesHistory(REPLAY, FaultFixture.VERSIONS);
        TopicReplay replay = new TopicReplay(system.bootstrapServers());
        replay.awaitConsumed(EVENTS_GROUP, Topics.EVENTS);
        Map<String, Object> before = observed();

        // when every event on the topic is published again, each a new offset, and the coordinator reads them
        int copies = replay.republish(Topics.EVENTS);
        replay.awaitConsumed(EVENTS_GROUP, Topics.EVENTS);

        // then nothing changed: not the rollouts, the matrix, the tenants, the dead letters or a history table
        assertThat(copies).as("events replayed").isGreaterThan(TOTAL);
        assertThat(observed()).isEqualTo(before);

        // and when the coordinator's group is rewound to the beginning while it is down, and it restarts
        system.crashAndRestart(TestSystem.COORDINATOR, () -> replay.rewind(EVENTS_GROUP, Topics.EVENTS));
        replay.awaitConsumed(EVENTS_GROUP, Topics.EVENTS);

        // then it folded the whole topic again, originals and copies, and still nothing changed
        assertThat(observed()).isEqualTo(before);

        // and a new rollout of the same tenants still works
        assertThat(system.rollOut(numbers(REPLAY), "0004", 4)).isEqualTo("COMPLETED");
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

    private static List<String> tenants(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Fleet::tenantId).toList();
    }

    private static List<Integer> numbers(List<String> tenants) {
        return tenants.stream()
                .map(t -> Integer.parseInt(t.substring(t.lastIndexOf('_') + 1)))
                .toList();
    }

    private static String startRollout(List<String> tenants, String version, int maxParallel) throws Exception {
        return system.startRollout(numbers(tenants), version, maxParallel);
    }

    private static int succeeded(JsonNode rollout) {
        return rollout.get("runs").get("succeeded").asInt();
    }
}
