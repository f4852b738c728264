package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.apply.PlanCache;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.CancelRun;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.PlanSignature;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.model.wire.WireCodec;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands the agent can never act on, and records on the plans topic that are no plan, go to the
 * dead-letter topic with the reason, and the channel goes on with the records behind them.
 */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class PoisonCommandTest extends AgentIntegrationTest {

    @Inject
    PlanCache plans;

    private EventLog deadLetters;

    @BeforeEach
    void readDeadLetters() {
        deadLetters = new EventLog(bootstrapServers, Topics.DEAD_LETTERS);
    }

    @AfterEach
    void closeDeadLetters() {
        deadLetters.close();
    }

    @Test
    void shouldDeadLetterTheRunAndApplyTheNextCommandWhenARunTenantNamesNoTenant() {
        // given a run whose envelope names no tenant, keyed as its tenant's commands are
        String tenant = servedTenant("tenant_0025");
        String planId = coordinator.publishPlan(
                List.of(Steps.transactional("0001", "create_poison_a", "create table poison_a (id int);")));
        RunTenant nameless = new RunTenant(UUID.randomUUID(), planId, Direction.UP, List.of(Version.of("0001")));
        RecordMetadata bad =
                coordinator.sendCommand(tenant, Envelope.of(null, FakeCoordinator.ROLLOUT, Instant.now(), nameless));

        // when the next command for the tenant follows it
        UUID good = coordinator.runTenant(tenant, planId, "0001");

        // then the next one is applied and the nameless one is set aside with why
        assertThat(EventLog.payloads(events.awaitFinished(good), RunFinished.class))
                .extracting(RunFinished::outcome)
                .containsExactly(RunOutcome.SUCCEEDED);
        assertThat(schema(tenant).history())
                .extracting(TenantSchema.HistoryRow::version)
                .containsExactly("0001");
        ConsumerRecord<String, byte[]> letter = awaitDeadLetter(bad);
        assertThat(header(letter, "dead-letter-reason")).contains("RunTenant", "tenant is missing");
        assertThat(header(letter, "dead-letter-topic")).isEqualTo(Topics.commands(AgentTestResources.SITE));
        assertThat(events.run(nameless.runId())).isEmpty();
    }

    @Test
    void shouldDeadLetterTheCancelAndApplyTheNextCommandWhenACancelRunHasNoRunId() {
        // given
        String tenant = servedTenant("tenant_0026");
        String planId = coordinator.publishPlan(
                List.of(Steps.transactional("0001", "create_poison_b", "create table poison_b (id int);")));
        RecordMetadata bad = coordinator.sendCommand(
                tenant, Envelope.of(tenant, FakeCoordinator.ROLLOUT, Instant.now(), new CancelRun(null, "no id")));

        // when
        UUID good = coordinator.runTenant(tenant, planId, "0001");

        // then
        assertThat(EventLog.payloads(events.awaitFinished(good), RunFinished.class))
                .extracting(RunFinished::outcome)
                .containsExactly(RunOutcome.SUCCEEDED);
        assertThat(schema(tenant).hasTable("poison_b")).isTrue();
        assertThat(header(awaitDeadLetter(bad), "dead-letter-reason")).contains("CancelRun", "run id is missing");
    }

    @Test
    void shouldDeadLetterARecordOnThePlansTopicThatIsNoPlanAndKeepThePlansBehindIt() throws Exception {
        // given garbage and a command on the plans topic
        RecordMetadata garbage =
                coordinator.sendRaw(Topics.PLANS, "garbage", "{not json".getBytes(StandardCharsets.UTF_8));
        RecordMetadata command = coordinator.sendRaw(
                Topics.PLANS,
                "cancel",
                WireCodec.encode(Envelope.of(null, null, Instant.now(), new CancelRun(UUID.randomUUID(), "odd"))));

        // when a plan follows them
        String planId = coordinator.publishPlan(
                List.of(Steps.transactional("0001", "create_poison_c", "create table poison_c (id int);")));

        // then the agent keeps the plan and sets the two others aside with why
        assertThat(plans.await(planId, EventLog.TIMEOUT)).isPresent();
        ConsumerRecord<String, byte[]> unreadable = awaitDeadLetter(Topics.PLANS, garbage);
        assertThat(header(unreadable, "dead-letter-reason")).startsWith("cannot decode the plan");
        assertThat(header(awaitDeadLetter(Topics.PLANS, command), "dead-letter-reason"))
                .contains("CancelRun", "is not a plan");
    }

    @Test
    void shouldDeadLetterForgedAndAlteredCommandsAndLeaveTheirTenantsAsTheyWere() {
        // given a signed plan, and someone who can write to the commands topic but holds no trusted key
        String forgedTenant = servedTenant("tenant_0052");
        String alteredTenant = servedTenant("tenant_0053");
        String planId = coordinator.publishPlan(
                List.of(Steps.transactional("0001", "create_forged", "create table forged (id int);")));
        RunTenant run = new RunTenant(UUID.randomUUID(), planId, Direction.UP, List.of(Version.of("0001")));
        var command = Envelope.of(forgedTenant, FakeCoordinator.ROLLOUT, Instant.now(), run);

        // when they send a command unsigned, one signed with their own key, and one the coordinator
        // signed for another tenant, re-keyed and re-addressed to this one
        RecordMetadata unsigned = coordinator.sendForged(forgedTenant, command, null);
        RecordMetadata ownKey = coordinator.sendForged(
                forgedTenant, command, PlanSignature.generate().getPrivate());
        RunTenant moved = new RunTenant(UUID.randomUUID(), planId, Direction.UP, List.of(Version.of("0001")));
        RecordMetadata altered = coordinator.sendAltered(
                alteredTenant,
                Envelope.of(forgedTenant, FakeCoordinator.ROLLOUT, Instant.now(), moved),
                Envelope.of(alteredTenant, FakeCoordinator.ROLLOUT, Instant.now(), moved));

        // then each is set aside with why, and neither tenant was touched
        assertThat(header(awaitDeadLetter(unsigned), "dead-letter-reason")).contains("command refused", "unsigned");
        assertThat(header(awaitDeadLetter(ownKey), "dead-letter-reason"))
                .contains("command refused", "not the trusted coordinator's");
        assertThat(header(awaitDeadLetter(altered), "dead-letter-reason"))
                .contains("command refused", "not the trusted coordinator's");
        coordinator.reportInventory(alteredTenant);
        events.awaitInventory(alteredTenant, inventory -> true);
        for (String tenant : List.of(forgedTenant, alteredTenant)) {
            assertThat(schema(tenant).history()).as(tenant).isEmpty();
            assertThat(schema(tenant).hasTable("forged")).as(tenant).isFalse();
        }
        assertThat(events.run(run.runId())).isEmpty();
        assertThat(events.run(moved.runId())).isEmpty();
    }

    @Test
    void shouldDeadLetterACommandTheCoordinatorSignedLongerAgoThanTheMaximumAge() {
        // given a signed command recorded off the topic two hours ago, replayed now
        String tenant = servedTenant("tenant_0054");
        String planId = coordinator.publishPlan(
                List.of(Steps.transactional("0001", "create_replayed", "create table replayed (id int);")));
        RunTenant run = new RunTenant(UUID.randomUUID(), planId, Direction.UP, List.of(Version.of("0001")));
        RecordMetadata replayed = coordinator.sendSentAt(
                tenant,
                Envelope.of(tenant, FakeCoordinator.ROLLOUT, Instant.now(), run),
                Instant.now().minus(Duration.ofHours(2)));

        // then it is set aside with why, and the tenant is untouched
        assertThat(header(awaitDeadLetter(replayed), "dead-letter-reason"))
                .contains("command refused", "longer ago than flotilla.agent.command-max-age");
        assertThat(schema(tenant).history()).isEmpty();
        assertThat(events.run(run.runId())).isEmpty();
    }

    /** The dead letter of the command record at {@code origin}, once it is on the topic. */
    private ConsumerRecord<String, byte[]> awaitDeadLetter(RecordMetadata origin) {
        return awaitDeadLetter(Topics.commands(AgentTestResources.SITE), origin);
    }

    /** The dead letter of the record at {@code origin} of {@code topic}, once it is on the topic. */
    private ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, RecordMetadata origin) {
        return await().atMost(EventLog.TIMEOUT)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> deadLetters.records().stream()
                                .filter(r -> topic.equals(header(r, "dead-letter-topic"))
                                        && String.valueOf(origin.offset()).equals(header(r, "dead-letter-offset"))
                                        && String.valueOf(origin.partition())
                                                .equals(header(r, "dead-letter-partition")))
                                .toList(),
                        found -> !found.isEmpty())
                .getFirst();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
