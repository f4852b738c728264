package dev.flotilla.coordinator;

import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.AgentHeartbeat;
import dev.flotilla.model.wire.AppliedMigration;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.RepairFinished;
import dev.flotilla.model.wire.RepairOutcome;
import dev.flotilla.model.wire.RepairTenant;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunStarted;
import dev.flotilla.model.wire.StepFailed;
import dev.flotilla.model.wire.StepProgress;
import dev.flotilla.model.wire.StepStarted;
import dev.flotilla.model.wire.StepSucceeded;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.model.wire.WireCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the agents of a site from outside the coordinator: publishes their events on the real broker,
 * keyed by tenant, and returns each envelope so a test can publish it again.
 */
final class FakeAgent implements AutoCloseable {

    static final String AGENT = "agent-s1";

    private final KafkaProducer<String, byte[]> producer;

    FakeAgent(String bootstrapServers) {
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    static AppliedMigration applied(String version, String name, String checksum) {
        return new AppliedMigration(
                version, name, checksum, AppliedMigration.APPLIED, Instant.parse("2026-01-01T00:00:00Z"));
    }

    static AppliedMigration dirty(String version, String name, String checksum) {
        return new AppliedMigration(
                version, name, checksum, AppliedMigration.DIRTY, Instant.parse("2026-01-01T00:00:00Z"));
    }

    Envelope<RepairFinished> repairFinished(String tenant, RepairTenant repair, RepairOutcome outcome, String message) {
        return publish(
                tenant,
                null,
                new RepairFinished(repair.repairId(), repair.version(), repair.action(), outcome, message));
    }

    Envelope<Inventory> inventory(String tenant, String site, AppliedMigration... applied) {
        return publish(tenant, null, new Inventory(AGENT, site, Map.of("group", "beta"), List.of(applied)));
    }

    Envelope<RunStarted> runStarted(String tenant, UUID rollout, UUID run) {
        return publish(tenant, rollout, new RunStarted(run, AGENT));
    }

    Envelope<StepStarted> stepStarted(String tenant, UUID rollout, UUID run, String version) {
        return stepStarted(tenant, rollout, run, version, Direction.UP);
    }

    Envelope<StepStarted> stepStarted(String tenant, UUID rollout, UUID run, String version, Direction direction) {
        return publish(tenant, rollout, new StepStarted(run, Version.of(version), direction));
    }

    Envelope<StepSucceeded> stepSucceeded(String tenant, UUID rollout, UUID run, String version, String checksum) {
        return stepSucceeded(tenant, rollout, run, version, checksum, Direction.UP);
    }

    /** A step the tenant's history already had, applied by {@code appliedBy} as its row says. */
    Envelope<StepSucceeded> stepAlreadyApplied(
            String tenant, UUID rollout, UUID run, String version, String checksum, UUID appliedBy) {
        return publish(
                tenant,
                rollout,
                new StepSucceeded(run, Version.of(version), Direction.UP, checksum, 0, true, appliedBy));
    }

    Envelope<StepSucceeded> stepSucceeded(
            String tenant, UUID rollout, UUID run, String version, String checksum, Direction direction) {
        return publish(tenant, rollout, new StepSucceeded(run, Version.of(version), direction, checksum, 12, false));
    }

    Envelope<StepFailed> stepFailed(String tenant, UUID rollout, UUID run, String version, String message) {
        return publish(
                tenant,
                rollout,
                new StepFailed(run, Version.of(version), Direction.UP, FailureCode.SQL_ERROR, "42P01", message, false));
    }

    Envelope<StepFailed> stepFailed(
            String tenant, UUID rollout, UUID run, String version, Direction direction, String message) {
        return publish(
                tenant,
                rollout,
                new StepFailed(run, Version.of(version), direction, FailureCode.SQL_ERROR, "42P01", message, false));
    }

    Envelope<StepProgress> stepProgress(String tenant, UUID rollout, UUID run, String version) {
        return publish(tenant, rollout, new StepProgress(run, Version.of(version), 1, 2L, null, null, null));
    }

    Envelope<RunFinished> runFinished(String tenant, UUID rollout, UUID run, RunOutcome outcome, String message) {
        return publish(tenant, rollout, new RunFinished(run, outcome, message));
    }

    private <E extends Event> Envelope<E> publish(String tenant, UUID rollout, E event) {
        Envelope<E> envelope = Envelope.of(tenant, rollout, Instant.now(), event);
        send(envelope);
        return envelope;
    }

    Envelope<Inventory> publishInventory(String tenant, String site, Map<String, String> labels) {
        return publish(tenant, null, new Inventory(AGENT, site, labels, List.of()));
    }

    /** Publishes agent {@code id}'s heartbeat, sent {@code at} by its clock, serving two tenants with capacity 3. */
    void heartbeat(String id, String site, Instant at) {
        Envelope<AgentHeartbeat> beat =
                Envelope.of(null, null, at, new AgentHeartbeat(id, site, List.of("t1", "t2"), 3, "9.9"));
        sendRecord(new ProducerRecord<>(Topics.AGENTS, id, WireCodec.encode(beat)));
    }

    /** Publishes bytes as they are, whatever they hold. */
    void sendRaw(String key, byte[] value) {
        sendRecord(new ProducerRecord<>(Topics.EVENTS, key, value));
    }

    /** Publishes a record as it is, to its own topic, headers included. */
    void sendRecord(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish raw bytes", e);
        }
    }

    /** Publishes an envelope as it is, id included: a redelivery or a replay. */
    void send(Envelope<? extends Event> envelope) {
        sendRaw(envelope.tenant(), WireCodec.encode(envelope));
    }

    @Override
    public void close() {
        producer.close();
    }
}
