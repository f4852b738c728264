package dev.flotilla.agent;

import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.CancelRun;
import dev.flotilla.model.wire.CommandSignature;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Fencing;
import dev.flotilla.model.wire.HistoryState;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanSignature;
import dev.flotilla.model.wire.PlanStep;
import dev.flotilla.model.wire.RepairAction;
import dev.flotilla.model.wire.RepairTenant;
import dev.flotilla.model.wire.ReportInventory;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.model.wire.WireCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Drives the agent from outside, as the coordinator does: plans and commands on the real broker. */
final class FakeCoordinator implements AutoCloseable {

    static final UUID ROLLOUT = UUID.fromString("00000000-0000-0000-0000-00000000a11e");
    /** The config property naming the private key's PEM file, set by {@link AgentTestResources}. */
    static final String SIGNING_KEY = "flotilla.test.plan-signing-key";

    private final KafkaProducer<String, byte[]> producer;
    private final String site;

    FakeCoordinator(String bootstrapServers, String site) {
        this.site = site;
        this.producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Publishes a plan of these steps, signed with the key the agent trusts; returns its content id. */
    String publishPlan(List<PlanStep> steps) {
        return publish(unsignedPlan(steps).signedWith(signingKey()));
    }

    /** Publishes a plan of these steps without a signature; returns its content id. */
    String publishUnsignedPlan(List<PlanStep> steps) {
        return publish(unsignedPlan(steps));
    }

    private static PlanPublished unsignedPlan(List<PlanStep> steps) {
        return new PlanPublished(PlanPublished.contentId(steps), steps);
    }

    private String publish(PlanPublished plan) {
        send(Topics.PLANS, plan.planId(), Envelope.of(null, null, Instant.now(), plan));
        return plan.planId();
    }

    private static PrivateKey signingKey() {
        Path file = Path.of(ConfigProvider.getConfig().getValue(SIGNING_KEY, String.class));
        try {
            return PlanSignature.privateKey(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks the site to apply these versions of the plan to the tenant; returns the new run's id. */
    UUID runTenant(String tenant, String planId, String... versions) {
        return runTenantAt(null, tenant, planId, versions);
    }

    /**
     * The same, as relayed by a leader of fencing epoch {@code epoch} (null: a coordinator from before
     * fencing, which sends none); the agent refuses it when it has seen a higher one.
     */
    UUID runTenantAt(Long epoch, String tenant, String planId, String... versions) {
        return send(epoch, tenant, planId, Direction.UP, versions);
    }

    /** Sends the run's command again with the same run id, as a re-delivery or a re-send does. */
    void runTenantAgain(UUID runId, String tenant, String planId, String... versions) {
        send(null, runId, tenant, planId, Direction.UP, versions);
    }

    /** Asks the site to cancel the run, as the coordinator does when its rollout is cancelled. */
    void cancelRun(String tenant, UUID runId) {
        send(
                Topics.commands(site),
                tenant,
                Envelope.of(tenant, ROLLOUT, Instant.now(), new CancelRun(runId, "cancelled by the test")));
    }

    /** Asks the site to revert these versions of the plan (in the order given); returns the run's id. */
    UUID revertTenant(String tenant, String planId, String... versions) {
        return send(null, tenant, planId, Direction.DOWN, versions);
    }

    private UUID send(Long epoch, String tenant, String planId, Direction direction, String... versions) {
        return send(epoch, UUID.randomUUID(), tenant, planId, direction, versions);
    }

    private UUID send(Long epoch, UUID runId, String tenant, String planId, Direction direction, String... versions) {
        RunTenant run = new RunTenant(
                runId, planId, direction, Stream.of(versions).map(Version::of).toList());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.commands(site), tenant, WireCodec.encode(Envelope.of(tenant, ROLLOUT, Instant.now(), run)));
        if (epoch != null) {
            record.headers().add(Fencing.HEADER, Fencing.encode(epoch));
        }
        send(record);
        return runId;
    }

    /** Asks the site to repair one version of the tenant (or baseline it) with the plan's scripts; returns the repair's id. */
    UUID repairTenant(String tenant, String planId, String version, RepairAction action, String reason) {
        return repairTenant(UUID.randomUUID(), tenant, planId, version, action, reason, null);
    }

    /**
     * The same, saying what the coordinator's matrix showed of the version when the repair was asked for.
     *
     * @param expected null for no expectation, as a coordinator that does not send it
     */
    UUID repairTenant(
            String tenant, String planId, String version, RepairAction action, String reason, HistoryState expected) {
        return repairTenant(UUID.randomUUID(), tenant, planId, version, action, reason, expected);
    }

    /** The same, with a given id: sending it twice is a re-delivery. */
    UUID repairTenant(UUID repairId, String tenant, String planId, String version, RepairAction action, String reason) {
        return repairTenant(repairId, tenant, planId, version, action, reason, null);
    }

    private UUID repairTenant(
            UUID repairId,
            String tenant,
            String planId,
            String version,
            RepairAction action,
            String reason,
            HistoryState expected) {
        send(
                Topics.commands(site),
                tenant,
                Envelope.of(
                        tenant,
                        null,
                        Instant.now(),
                        new RepairTenant(repairId, planId, Version.of(version), action, "alice", reason, expected)));
        return repairId;
    }

    /** Asks for one tenant's inventory, or every tenant's when {@code tenant} is null. */
    void reportInventory(String tenant) {
        send(Topics.commands(site), tenant, Envelope.of(tenant, null, Instant.now(), new ReportInventory("it")));
    }

    /**
     * Publishes a command as it is, keyed by {@code key}, also one a coordinator would never send (no
     * tenant, no run id); returns where it landed.
     */
    RecordMetadata sendCommand(String key, Envelope<? extends Payload> envelope) {
        return send(Topics.commands(site), key, envelope);
    }

    private RecordMetadata send(String topic, String key, Envelope<? extends Payload> envelope) {
        return send(new ProducerRecord<>(topic, key, WireCodec.encode(envelope)));
    }

    /** Publishes bytes as they are to {@code topic}, whatever they hold. */
    RecordMetadata sendRaw(String topic, String key, byte[] value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    /**
     * Publishes a command as someone with write access to the topic but not the coordinator's key
     * would: unsigned, or (with {@code forger}) signed by another key.
     */
    RecordMetadata sendForged(String key, Envelope<? extends Payload> envelope, PrivateKey forger) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.commands(site), key, WireCodec.encode(envelope));
        if (forger != null) {
            sign(record, forger, Instant.now());
        }
        return deliver(record);
    }

    /** Publishes a command the coordinator signed and that was then changed in flight: {@code altered}'s bytes. */
    RecordMetadata sendAltered(String key, Envelope<? extends Payload> signed, Envelope<? extends Payload> altered) {
        ProducerRecord<String, byte[]> original =
                new ProducerRecord<>(Topics.commands(site), key, WireCodec.encode(signed));
        sign(original, signingKey(), Instant.now());
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.commands(site), null, key, WireCodec.encode(altered), original.headers());
        return deliver(record);
    }

    /** Publishes a command the coordinator signed as sent at {@code sentAt}: a recorded one, replayed later. */
    RecordMetadata sendSentAt(String key, Envelope<? extends Payload> envelope, Instant sentAt) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.commands(site), key, WireCodec.encode(envelope));
        sign(record, signingKey(), sentAt);
        return deliver(record);
    }

    /**
     * Sends a record; a command is stamped with the time and signed first with the key the agent
     * trusts, as the coordinator's relay does.
     */
    private RecordMetadata send(ProducerRecord<String, byte[]> record) {
        if (record.topic().startsWith("flotilla.commands.")) {
            sign(record, signingKey(), Instant.now());
        }
        return deliver(record);
    }

    private static void sign(ProducerRecord<String, byte[]> record, PrivateKey key, Instant sentAt) {
        byte[] sent = CommandSignature.sentAt(sentAt);
        record.headers().add(CommandSignature.SENT_AT_HEADER, sent);
        var epoch = record.headers().lastHeader(Fencing.HEADER);
        String signature = CommandSignature.sign(
                record.topic(), record.key(), epoch == null ? null : epoch.value(), sent, record.value(), key);
        record.headers().add(CommandSignature.HEADER, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private RecordMetadata deliver(ProducerRecord<String, byte[]> record) {
        String topic = record.topic();
        try {
            return producer.send(record).get();
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
