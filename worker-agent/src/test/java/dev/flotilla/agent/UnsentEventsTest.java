package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.MessageTypes;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * A command is acknowledged (its offset committed) only once its events are on the broker: one whose
 * events never got there stays unacknowledged, so it is delivered again after a restart or rebalance.
 */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class UnsentEventsTest extends AgentIntegrationTest {

    private static final String GROUP = "flotilla-agents-" + AgentTestResources.SITE;
    private static final String COMMANDS = Topics.commands(AgentTestResources.SITE);

    @Test
    void shouldLeaveTheCommandUnacknowledgedWhenItsEventsCannotReachTheBroker() throws Exception {
        // given a run whose step fails with a message too large for any Kafka record, so its StepFailed
        // and RunFinished cannot be sent
        String tenant = servedTenant("tenant_0027");
        String hugeFailure = coordinator.publishPlan(List.of(Steps.transactional(
                "0001", "fail_hugely", "do $$ begin raise exception '%', repeat('x', 1100000); end $$;")));
        UUID unsent = UUID.randomUUID();
        RecordMetadata unsentCommand = run(tenant, unsent, hugeFailure, "0001");

        // when a later run of the same tenant (same partition) succeeds, and then a run on another
        // partition is acknowledged and committed
        String fine = coordinator.publishPlan(
                List.of(Steps.transactional("0002", "create_after_unsent", "create table after_unsent (id int);")));
        UUID later = UUID.randomUUID();
        run(tenant, later, fine, "0002");
        assertThat(EventLog.payloads(events.awaitFinished(later), RunFinished.class))
                .extracting(RunFinished::outcome)
                .containsExactly(RunOutcome.SUCCEEDED);
        UUID elsewhere = UUID.randomUUID();
        RecordMetadata elsewhereCommand =
                run(servedTenant(tenantOnAnotherPartition(unsentCommand.partition())), elsewhere, fine, "0002");
        events.awaitFinished(elsewhere);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await().atMost(EventLog.TIMEOUT)
                    .until(() -> committed(admin, elsewhereCommand.partition()) > elsewhereCommand.offset());

            // then the commit that took the other partition past its run (one commit covers every
            // partition) left this one at the unsent command, though the run after it was acknowledged
            assertThat(committed(admin, unsentCommand.partition())).isLessThanOrEqualTo(unsentCommand.offset());
        }
        assertThat(EventLog.types(events.run(unsent)))
                .as("only the unsent run's start reached the broker")
                .containsExactly(MessageTypes.RUN_STARTED);
        assertThat(schema(tenant).hasTable("after_unsent")).isTrue();
    }

    private RecordMetadata run(String tenant, UUID runId, String planId, String version) {
        return coordinator.sendCommand(
                tenant,
                Envelope.of(
                        tenant,
                        FakeCoordinator.ROLLOUT,
                        Instant.now(),
                        new RunTenant(runId, planId, Direction.UP, List.of(Version.of(version)))));
    }

    private static long committed(Admin admin, int partition) throws InterruptedException, ExecutionException {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata()
                .get()
                .get(new TopicPartition(COMMANDS, partition));
        return offset == null ? -1 : offset.offset();
    }

    private String tenantOnAnotherPartition(int partition) {
        return IntStream.rangeClosed(28, AgentTestResources.TENANTS)
                .mapToObj(i -> String.format("tenant_%04d", i))
                .filter(t -> partitionOf(t) != partition)
                .findFirst()
                .orElseThrow();
    }

    /** The partition the default partitioner gives a command keyed by the tenant. */
    private int partitionOf(String tenant) {
        return Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % partitions();
    }

    private int partitions() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return consumer.partitionsFor(COMMANDS).size();
        }
    }
}
