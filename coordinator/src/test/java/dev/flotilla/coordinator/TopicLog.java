package dev.flotilla.coordinator;

import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Fencing;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.WireCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Everything on one topic from its beginning, read as an agent would with a plain consumer, assigned
 * every partition (no consumer group). Not thread-safe: polls happen on the test's thread.
 */
final class TopicLog implements AutoCloseable {

    /** A record as it was on the topic: its key and its decoded envelope. */
    /**
     * One record as read.
     *
     * @param epoch the leader's fencing epoch the record carries; null when it carries none
     */
    record Received(String key, Envelope<Payload> envelope, Long epoch) {}

    private static final Duration METADATA_WAIT = Duration.ofSeconds(15);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Received> received = new ArrayList<>();

    TopicLog(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        // A topic the coordinator has just created may be missing from the broker's metadata for a moment.
        List<TopicPartition> partitions = List.of();
        for (long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
                partitions.isEmpty() && System.nanoTime() < deadline; ) {
            partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                sleep();
            }
        }
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a topic", e);
        }
    }

    /** Every record read so far, after reading what has arrived since the last call. */
    List<Received> records() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            Header epoch = record.headers().lastHeader(Fencing.HEADER);
            received.add(new Received(
                    record.key(),
                    WireCodec.decode(record.value()),
                    epoch == null ? null : Fencing.decode(epoch.value()).orElseThrow()));
        }
        return List.copyOf(received);
    }

    /**
     * Every record published so far: reads until this consumer's position reaches the end offsets the
     * broker reports now, so nothing acknowledged before the call is missed.
     */
    List<Received> readToEnd() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    records();
                    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                });
        return List.copyOf(received);
    }

    /** The records whose payload is of {@code type}, read so far. */
    <P extends Payload> List<P> payloads(Class<P> type) {
        return records().stream()
                .map(r -> r.envelope().payload())
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
