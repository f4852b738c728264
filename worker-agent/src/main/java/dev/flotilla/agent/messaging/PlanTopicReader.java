package dev.flotilla.agent.messaging;

import dev.flotilla.agent.apply.PlanSource;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.model.wire.WireCodec;
import dev.flotilla.model.wire.WireException;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one plan again from {@code flotilla.plans}, whose records are keyed by plan id (the
 * coordinator's {@code PlanPublisher}): a plain consumer, no group, assigned every partition from its
 * beginning up to the end it had when the read began, keeping the last record with that key (the
 * topic is compacted, so it is the one that stays; a tombstone deletes the plan). Rare: only for a plan
 * the cache let go of, so it reads the whole topic rather than guess the producer's partitioner.
 */
@ApplicationScoped
public class PlanTopicReader implements PlanSource {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration LONGEST_READ = Duration.ofSeconds(60);

    private final Map<String, Object> kafka;

    /** @param kafka the agent's {@code kafka.*} settings (servers, security), as its channels get them */
    public PlanTopicReader(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    @Override
    public Optional<PlanPublished> read(String planId) {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PLANS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + LONGEST_READ.toNanos();
            byte[] last = null;
            while (!readTo(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + Topics.PLANS + " took longer than " + LONGEST_READ);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (planId.equals(record.key())) {
                        last = record.value();
                    }
                }
            }
            return last == null ? Optional.empty() : plan(last);
        }
    }

    private static boolean readTo(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private static Optional<PlanPublished> plan(byte[] value) {
        try {
            Envelope<Payload> envelope = WireCodec.decode(value);
            return envelope.payload() instanceof PlanPublished plan ? Optional.of(plan) : Optional.empty();
        } catch (WireException e) {
            return Optional.empty();
        }
    }
}
