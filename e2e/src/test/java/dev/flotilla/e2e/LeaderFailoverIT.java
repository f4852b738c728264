package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.e2e.LeaderLog.Leader;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.CommandSignature;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Fencing;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.model.wire.WireCodec;
import dev.flotilla.model.wire.WireException;
import dev.flotilla.testkit.Fleet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leadership with fencing on the real system: two packaged coordinators over one coordinator
 * database, one leading (it holds the advisory lock and relays the outbox), the other standing by,
 * and one agent at each of two sites, every one a process of its own. The leader is found by its log
 * ({@link LeaderLog}) and killed with SIGKILL. Every scenario asserts from the outside: the tenants'
 * history tables, {@link FaultFixture}'s effect log, the records on the command topics with their
 * {@code flotilla-epoch} header, and the processes' logs.
 *
 * <p>One system serves both scenarios, each with its own tenants (odd ones at site-a, even ones at
 * site-b), and each finds the leader and the standby as it starts; the first leaves the coordinator it
 * killed started again, standing by:
 *
 * <ul>
 *   <li>tenants 1–36: the leader is killed in a phased rollout's first wave; the standby takes over;
 *   <li>tenants 37–40: a command of a leader that was since deposed is published again, as it was.
 * </ul>
 *
 * <p>The coordinators' consumers leave their groups after 6 s of silence ({@link
 * TestSystem#QUICK_COORDINATOR_GROUPS}), so the killed leader's share of the events topic moves to
 * the survivor soon; leadership itself moves at the survivor's next check (every 2 s).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeaderFailoverIT {

    private static final List<String> FAILOVER = TenantIds.range(1, 36);
    private static final int FIRST_WAVE = 18;
    private static final List<String> FENCED = TenantIds.range(37, 40);
    private static final int TOTAL = 40;
    private static final List<String> COORDINATORS = List.of("coordinator-1", "coordinator-2");
    /** Leadership moves at the standby's next check, 2 s; the bound is generous for a loaded machine. */
    private static final Duration TAKEOVER_WITHIN = Duration.ofSeconds(30);
    /** The new leader's first command of the rollout follows its takeover at once; same generosity. */
    private static final Duration DISPATCH_RESUMED_WITHIN = Duration.ofSeconds(60);

    @TempDir
    static Path migrations;

    private static TestSystem system;
    private static FleetLedger ledger;
    private static TopicReplay topics;

    @BeforeAll
    static void startSystem() throws Exception {
        FaultFixture.writeMigrations(migrations);
        // 0004 can be reverted, so a tenant can be taken below a command that would then run again.
        Files.writeString(migrations.resolve("0004_add_label.down.sql"), "alter table items drop column label;\n");
        system = TestSystem.create("failover");
        List<String> ids = Fleet.createSchemas(system.pg(), system.fleetDb(), TOTAL);
        system.fleetSql(FaultFixture.SQL);
        // Both started at once over the same database, as two replicas of one deployment are.
        for (String name : COORDINATORS) {
            system.coordinator(name, migrations, TestSystem.QUICK_COORDINATOR_GROUPS);
        }
        system.twoSites(ids, i -> Map.of()).awaitReady(TOTAL);
        ledger = new FleetLedger(system);
        topics = new TopicReplay(system.bootstrapServers());
    }

    /** Stops every process and drops the databases, whatever the scenarios left. */
    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void shouldHaveTheStandbyTakeOverAndCompleteThePhasedRolloutWhenTheLeaderIsKilledMidRollout() throws Exception {
        // given a phased rollout of 36 tenants, 18 in its first wave, 4 at a time, each step 0002 taking
        // 0.5 s, started while one coordinator leads and the other stands by
        Leader leader = LeaderLog.awaitLeader(system.coordinators());
        ServiceProcess standby = other(leader.process());
        FaultFixture.pause(system, FAILOVER, "0002", 0.5);
        String id = system.api()
                .post(
                        "/api/rollouts",
                        "{\"target\": {\"version\": \"0004\"}, \"tenants\": " + TenantIds.json(FAILOVER) + ","
                                + " \"waves\": [{\"name\": \"first\", \"select\": \"*\", \"limit\": " + FIRST_WAVE
                                + "}, {\"name\": \"rest\", \"select\": \"*\"}],"
                                + " \"concurrency\": {\"fleet\": 4}}",
                        201)
                .get("id")
                .asText();
        JsonNode atKill = system.awaitRollout(id, "a third of the first wave done", r -> succeeded(r) >= 6);

        // when the leader is killed with SIGKILL in the middle of the first wave
        Instant killing = Instant.now();
        leader.process().kill();
        Instant killedAt = Instant.now();

        // then the standby takes the lead within seconds, with a higher epoch
        long epoch = awaitTakeover(standby);
        Duration takeover = Duration.between(killing, Instant.now());
        assertThat(epoch).as("the new leader's epoch").isGreaterThan(leader.epoch());
        assertThat(takeover).as("time from the kill to the standby leading").isLessThan(TAKEOVER_WITHIN);

        // and the rollout completes: all 36 at the target, each step applied once, no false failure
        JsonNode done = system.awaitStopped(id);
        Duration completed = Duration.between(killing, Instant.now());
        assertThat(wave(atKill, 0).get("done").asInt())
                .as("killed in the first wave")
                .isLessThan(FIRST_WAVE);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(succeeded(done)).isEqualTo(FAILOVER.size());
        assertThat(done.get("runs").get("failed").asInt()).isZero();
        assertThat(done.get("failures")).isEmpty();
        ledger.assertAppliedOnce(FAILOVER, FaultFixture.VERSIONS);
        ledger.assertMatrixMatchesHistory(FAILOVER, FaultFixture.VERSIONS);

        // and never did both dispatch: each of the rollout's commands carries the old leader's epoch and
        // was sent before it died, or the new leader's and was sent after the kill began
        Map<Long, List<Relayed>> byEpoch = new TreeMap<>();
        for (Relayed command : relayed(id)) {
            byEpoch.computeIfAbsent(command.epoch(), e -> new ArrayList<>()).add(command);
        }
        assertThat(byEpoch).containsOnlyKeys(leader.epoch(), epoch);
        assertThat(byEpoch.get(leader.epoch()))
                .allSatisfy(c -> assertThat(c.sentAt()).isBeforeOrEqualTo(killedAt));
        assertThat(byEpoch.get(epoch)).allSatisfy(c -> assertThat(c.sentAt()).isAfter(killing));
        Duration resumed = Duration.between(
                killing,
                byEpoch.get(epoch).stream()
                        .map(Relayed::sentAt)
                        .min(Instant::compareTo)
                        .orElseThrow());
        assertThat(resumed)
                .as("time from the kill to the new leader's first command")
                .isLessThan(DISPATCH_RESUMED_WITHIN);

        // and the second wave started once, by the new leader's side, after the takeover
        String waveStarted = "wave started rollout=" + id + " wave=rest";
        assertThat(leader.process().logCount(waveStarted)).isZero();
        assertThat(standby.logCount(waveStarted)).isEqualTo(1);
        System.out.printf(
                "LeaderFailoverIT: from the SIGKILL, the leader was gone after %d ms, the standby led after %d ms,"
                        + " sent its first command after %d ms, the rollout completed after %d ms;"
                        + " its commands by epoch %d: %d, by epoch %d: %d%n",
                Duration.between(killing, killedAt).toMillis(),
                takeover.toMillis(),
                resumed.toMillis(),
                completed.toMillis(),
                leader.epoch(),
                byEpoch.get(leader.epoch()).size(),
                epoch,
                byEpoch.get(epoch).size());

        // and the killed coordinator, started again, serves the API beside the leader
        leader.process().restart();
        leader.process().awaitReady();
        assertThat(LeaderLog.awaitLeader(system.coordinators()).process()).isSameAs(standby);
    }

    /**
     * The fence the agents keep is what stops a deposed leader: it raises nothing at the broker, and the
     * command's bytes are those of a valid command. So the stale command here is one that would change
     * the tenant if it ran (its step 0004 was reverted since), and a copy of it stamped with the new
     * epoch shows it would.
     */
    @Test
    @Order(2)
    void shouldRefuseACommandOfTheDeposedLeaderWhenItIsPublishedAgainAfterTheTakeover() throws Exception {
        // given a completed rollout of 4 tenants to 0004 under the leader, and a RunTenant it relayed
        // for one of them, read off the command topic with its headers
        Leader leader = LeaderLog.awaitLeader(system.coordinators());
        ServiceProcess standby = other(leader.process());
        String tenant = FENCED.getFirst();
        String site = "site-a";
        String id = system.startRollout(TenantIds.numbers(FENCED), "0004", 4);
        assertThat(system.awaitStopped(id).get("state").asText()).isEqualTo("COMPLETED");
        Relayed stale = relayed(id).stream()
                .filter(c -> c.envelope().tenant().equals(tenant)
                        && c.envelope().payload() instanceof RunTenant
                        && c.epoch() == leader.epoch())
                .findFirst()
                .orElseThrow();
        RunTenant run = (RunTenant) stale.envelope().payload();
        assertThat(run.direction()).isEqualTo(Direction.UP);
        assertThat(run.steps()).contains(Version.of("0004"));
        assertThat(stale.topic()).isEqualTo(Topics.commands(site));

        // and the leader killed, the standby leading with a higher epoch
        leader.process().kill();
        long epoch = awaitTakeover(standby);
        assertThat(epoch).isGreaterThan(leader.epoch());

        // and the tenant taken down by one step by the new leader, whose command its agent has read
        String down = system.api()
                .post(
                        "/api/rollouts",
                        "{\"target\": {\"version\": \"0003\"}, \"direction\": \"down\", \"tenants\": [\"" + tenant
                                + "\"]}",
                        201)
                .get("id")
                .asText();
        assertThat(system.awaitStopped(down).get("state").asText()).isEqualTo("COMPLETED");
        assertThat(ledger.states(tenant, "0004")).isEqualTo(Map.of("up applied", 1, "down applied", 1));
        List<TenantHistory.Row> history = history(tenant);
        Map<String, Integer> effects = FaultFixture.effects(system).get(tenant);
        Set<String> shape = system.shapes(TenantIds.numbers(List.of(tenant))).get(tenant);
        ServiceProcess agent = system.service("agent-" + site);
        String refusal = "command refused type=RunTenant epoch=" + leader.epoch() + " highest=" + epoch
                + " reason=sent by a deposed leader";
        int refusedBefore = agent.logCount(refusal);

        // when the deposed leader's command is published again as it was: key, value and headers
        topics.publish(
                stale.topic(),
                stale.record().key(),
                stale.record().value(),
                stale.record().headers());

        // then the tenant's agent refuses it and says why
        await("the agent refusing the deposed leader's command")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> agent.logCount(refusal) == refusedBefore + 1);
        // and the tenant is as it was: its history, its step effects and its schema
        assertThat(history(tenant)).isEqualTo(history);
        assertThat(FaultFixture.effects(system).get(tenant)).isEqualTo(effects);
        assertThat(system.shapes(TenantIds.numbers(List.of(tenant))).get(tenant))
                .isEqualTo(shape);

        // and the same command stamped with the new leader's epoch by someone without the coordinator's
        // key is refused too: the signature covers the epoch
        RecordHeaders forged = new RecordHeaders(stale.record().headers().toArray());
        forged.remove(Fencing.HEADER);
        forged.add(Fencing.HEADER, Fencing.encode(epoch));
        String untrusted =
                "command dead-lettered reason=command refused: its signature is not the trusted" + " coordinator's";
        int untrustedBefore = agent.logCount(untrusted);
        topics.publish(stale.topic(), stale.record().key(), stale.record().value(), forged);
        await("the agent refusing the re-stamped command")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> agent.logCount(untrusted) == untrustedBefore + 1);
        assertThat(history(tenant)).isEqualTo(history);

        // and the very same command stamped with the new epoch and signed as the new leader's relay
        // signs runs: 0004 is applied again, so what the fence refused would have changed the tenant
        byte[] fence = Fencing.encode(epoch);
        byte[] sentAt = CommandSignature.sentAt(Instant.now());
        RecordHeaders current = new RecordHeaders();
        current.add(Fencing.HEADER, fence);
        current.add(CommandSignature.SENT_AT_HEADER, sentAt);
        current.add(
                CommandSignature.HEADER,
                CommandSignature.sign(
                                stale.topic(),
                                new String(stale.record().key(), StandardCharsets.UTF_8),
                                fence,
                                sentAt,
                                stale.record().value(),
                                system.signingKey())
                        .getBytes(StandardCharsets.US_ASCII));
        topics.publish(stale.topic(), stale.record().key(), stale.record().value(), current);
        await("the re-stamped command run")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ledger.states(tenant, "0004").getOrDefault("up applied", 0) == 2);
        assertThat(FaultFixture.effects(system).get(tenant)).containsEntry("0004", effects.get("0004") + 1);
        assertThat(agent.logCount(refusal)).isEqualTo(refusedBefore + 1);
    }

    // ---- helpers

    /** A command as it was relayed: its topic, the record with its headers, its envelope and epoch. */
    private record Relayed(
            String topic, ConsumerRecord<byte[], byte[]> record, Envelope<Payload> envelope, long epoch) {
        Instant sentAt() {
            return Instant.ofEpochMilli(record.timestamp());
        }
    }

    /** Every command of rollout {@code id} on the two sites' command topics, each with its epoch. */
    private static List<Relayed> relayed(String id) throws Exception {
        UUID rollout = UUID.fromString(id);
        List<Relayed> commands = new ArrayList<>();
        for (String topic : List.of(Topics.commands("site-a"), Topics.commands("site-b"))) {
            for (ConsumerRecord<byte[], byte[]> record : topics.records(topic)) {
                if (record.value() == null) {
                    continue;
                }
                Envelope<Payload> envelope;
                try {
                    envelope = WireCodec.decode(record.value());
                } catch (WireException notACommand) {
                    continue;
                }
                if (rollout.equals(envelope.rollout())) {
                    Header header = record.headers().lastHeader(Fencing.HEADER);
                    OptionalLong epoch = Fencing.decode(header == null ? null : header.value());
                    assertThat(epoch).as("epoch of %s", envelope).isPresent();
                    commands.add(new Relayed(topic, record, envelope, epoch.getAsLong()));
                }
            }
        }
        assertThat(commands).as("commands of rollout %s", id).isNotEmpty();
        return commands;
    }

    /** Waits until {@code standby} leads by its log; returns its epoch. */
    private static long awaitTakeover(ServiceProcess standby) {
        long[] epoch = new long[1];
        await(standby.name() + " taking the lead")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    OptionalLong held = LeaderLog.heldEpoch(standby);
                    held.ifPresent(e -> epoch[0] = e);
                    return held.isPresent();
                });
        return epoch[0];
    }

    private static ServiceProcess other(ServiceProcess coordinator) {
        return system.coordinators().stream()
                .filter(c -> c != coordinator)
                .findFirst()
                .orElseThrow();
    }

    private static List<TenantHistory.Row> history(String tenant) throws Exception {
        return system.histories(TenantIds.numbers(List.of(tenant))).get(tenant);
    }

    private static int succeeded(JsonNode rollout) {
        return rollout.get("runs").get("succeeded").asInt();
    }

    private static JsonNode wave(JsonNode rollout, int position) {
        return rollout.get("waves").get(position);
    }
}
