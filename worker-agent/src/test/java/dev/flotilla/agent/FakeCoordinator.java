package dev.flotilla.agent;

import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanStep;
import dev.flotilla.model.wire.ReportInventory;
import dev.flotilla.model.wire.RunTenant;
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

/** Drives the agent from outside, as the coordinator does: plans and commands on the real broker. */
final class FakeCoordinator implements AutoCloseable {

    static final String ROLLOUT = "rollout-it";

    private final KafkaProducer<String, byte[]> producer;
    private final String site;

    FakeCoordinator(String bootstrapServers, String site) {
        this.site = site;
        this.producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Publishes a plan of these steps; returns its content id. */
    String publishPlan(List<PlanStep> steps) {
        String planId = PlanPublished.contentId(steps);
        send(Topics.PLANS, planId, Envelope.of(null, null, Instant.now(), new PlanPublished(planId, steps)));
        return planId;
    }

    /** Asks the site to apply these versions of the plan to the tenant; returns the new run's id. */
    UUID runTenant(String tenant, String planId, String... versions) {
        UUID runId = UUID.randomUUID();
        RunTenant run = new RunTenant(runId, planId, Direction.UP, List.of(versions));
        send(Topics.commands(site), tenant, Envelope.of(tenant, ROLLOUT, Instant.now(), run));
        return runId;
    }

    /** Asks for one tenant's inventory, or every tenant's when {@code tenant} is null. */
    void reportInventory(String tenant) {
        send(Topics.commands(site), tenant, Envelope.of(tenant, null, Instant.now(), new ReportInventory("it")));
    }

    private void send(String topic, String key, Envelope<? extends Payload> envelope) {
        try {
            producer.send(new ProducerRecord<>(topic, key, WireCodec.encode(envelope)))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
