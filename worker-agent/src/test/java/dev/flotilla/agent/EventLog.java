package dev.flotilla.agent;

import static org.awaitility.Awaitility.await;

import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.Events;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.RepairFinished;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.WireCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything on one topic from its beginning, read with a plain consumer that is assigned every
 * partition (no consumer group). Not thread-safe: polls happen on the test's thread.
 */
final class EventLog implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    EventLog(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The raw records read so far, after reading what has arrived. */
    List<ConsumerRecord<String, byte[]>> records() {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        return List.copyOf(records);
    }

    /** The decoded envelopes read so far, per tenant in the order the agent sent them. */
    List<Envelope<Payload>> envelopes() {
        return records().stream().map(r -> WireCodec.decode(r.value())).toList();
    }

    /** The events of one run, in order. */
    List<Envelope<Payload>> run(UUID runId) {
        return envelopes().stream()
                .filter(e -> runId.equals(runIdOf(e.payload())))
                .toList();
    }

    /** Waits for the run's {@link RunFinished}; returns all its events, in order. */
    List<Envelope<Payload>> awaitFinished(UUID runId) {
        return await().atMost(TIMEOUT)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(100))
                .until(() -> run(runId), events -> events.stream().anyMatch(e -> e.payload() instanceof RunFinished));
    }

    /** Waits for {@code count} {@link RunFinished} of the run (each copy of its command is answered); oldest first. */
    List<RunFinished> awaitFinished(UUID runId, int count) {
        return await().atMost(TIMEOUT)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(100))
                .until(() -> payloads(run(runId), RunFinished.class), finished -> finished.size() >= count);
    }

    /** Waits for the repair's {@link RepairFinished}. */
    RepairFinished awaitRepair(UUID repairId) {
        return awaitRepairs(repairId, 1).getFirst();
    }

    /** Waits for {@code count} answers to the repair (a re-delivered command is answered again), oldest first. */
    List<RepairFinished> awaitRepairs(UUID repairId, int count) {
        return await().atMost(TIMEOUT)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> envelopes().stream()
                                .map(Envelope::payload)
                                .filter(RepairFinished.class::isInstance)
                                .map(RepairFinished.class::cast)
                                .filter(r -> r.repairId().equals(repairId))
                                .toList(),
                        answers -> answers.size() >= count);
    }

    /** Waits for an {@link Inventory} of the tenant that matches; returns the latest such one. */
    Inventory awaitInventory(String tenant, Predicate<Inventory> matching) {
        List<Inventory> found = await().atMost(TIMEOUT)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(100))
                .until(() -> inventories(tenant).stream().filter(matching).toList(), list -> !list.isEmpty());
        return found.getLast();
    }

    /** The inventories reported so far for the tenant, oldest first. */
    List<Inventory> inventories(String tenant) {
        return envelopes().stream()
                .filter(e -> tenant.equals(e.tenant()))
                .map(Envelope::payload)
                .filter(Inventory.class::isInstance)
                .map(Inventory.class::cast)
                .toList();
    }

    static <T> List<T> payloads(List<Envelope<Payload>> events, Class<T> type) {
        return events.stream()
                .map(Envelope::payload)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    static List<String> types(List<Envelope<Payload>> events) {
        return events.stream().map(Envelope::type).toList();
    }

    private static UUID runIdOf(Payload payload) {
        return payload instanceof Event event ? Events.runOf(event).orElse(null) : null;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
