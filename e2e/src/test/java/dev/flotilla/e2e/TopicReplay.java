package dev.flotilla.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays a topic the way an operator's mistake or a restored backup would: every record from offset
 * 0 published again (same key, value and headers, so a new offset no consumer has read), or a consumer
 * group's offsets rewound to the beginning while its consumer is down, or one record read off a topic
 * and published again as it was. Also tells when a group has read a topic to its end, which is how a
 * test knows the replay reached the consumer.
 */
final class TopicReplay {

    private final String bootstrap;

    TopicReplay(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Publishes a copy of every record {@code topic} holds now, in order; returns how many. */
    int republish(String topic) throws InterruptedException, ExecutionException {
        List<ConsumerRecord<byte[], byte[]>> records = records(topic);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(
                        new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers())));
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
            return sent.size();
        }
    }

    /**
     * Every record {@code topic} holds now, as a consumer reading it from offset 0 sees it (key, value,
     * headers, timestamp), in each partition's order.
     */
    List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
                        records.add(record);
                    }
                }
            }
            return records;
        }
    }

    /** Publishes one record with {@code key}, {@code value} and {@code headers} to {@code topic}; waits for its ack. */
    void publish(String topic, byte[] key, byte[] value, Iterable<Header> headers)
            throws InterruptedException, ExecutionException {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers))
                    .get();
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sets {@code group}'s committed offsets on {@code topic} to 0; waits until the group has no member. */
    void rewind(String group, String topic) {
        try (Admin admin = admin()) {
            await(group + " rewound to the beginning of " + topic)
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
                        for (TopicPartition partition : partitions(admin, topic)) {
                            start.put(partition, new OffsetAndMetadata(0));
                        }
                        // Refused while the group has members (UnknownMemberId): retried until the
                        // stopped consumer's session ended.
                        admin.alterConsumerGroupOffsets(group, start).all().get(5, TimeUnit.SECONDS);
                        return true;
                    });
        }
    }

    /** Waits until {@code group} has committed offsets at the end of every partition of {@code topic}. */
    void awaitConsumed(String group, String topic) {
        try (Admin admin = admin()) {
            await(group + " read " + topic + " to its end")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                        partitions(admin, topic).forEach(p -> latest.put(p, OffsetSpec.latest()));
                        var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata()
                                .get(5, TimeUnit.SECONDS);
                        return ends.entrySet().stream().allMatch(end -> {
                            OffsetAndMetadata at = committed.get(end.getKey());
                            return at != null && at.offset() >= end.getValue().offset();
                        });
                    });
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
        return admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(5, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }
}
