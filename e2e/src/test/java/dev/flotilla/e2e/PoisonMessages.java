package dev.flotilla.e2e;

import dev.flotilla.model.wire.CommandSignature;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Messages no well-behaved service writes, for the topics of the wire contract: bytes that are not
 * JSON, envelopes missing required fields, a type nobody knows, a known type whose payload cannot be
 * built, and a tombstone (a null value, as compaction writes on the plans and agents topics).
 */
final class PoisonMessages {

    private PoisonMessages() {}

    /** Each poison message by what it is; the value is null for the tombstone. */
    static Map<String, byte[]> all(String tenant) {
        String now = Instant.now().toString();
        Map<String, byte[]> messages = new LinkedHashMap<>();
        messages.put("not JSON", utf8("{this is not json"));
        messages.put("a JSON array", utf8("[1, 2, 3]"));
        messages.put("no id, at or payload", utf8("{\"type\": \"RunTenant\", \"v\": 1}"));
        messages.put(
                "unknown type",
                utf8("{\"id\": \"" + UUID.randomUUID() + "\", \"type\": \"SelfDestruct\", \"v\": 1, \"tenant\": \""
                        + tenant + "\", \"at\": \"" + now + "\", \"payload\": {}}"));
        messages.put(
                "a RunTenant payload without runId and steps",
                utf8("{\"id\": \"" + UUID.randomUUID() + "\", \"type\": \"RunTenant\", \"v\": 1, \"tenant\": \""
                        + tenant + "\", \"at\": \"" + now + "\", \"payload\": {\"planId\": \"nope\"}}"));
        messages.put(
                "a StepSucceeded of no run",
                utf8("{\"id\": \"" + UUID.randomUUID() + "\", \"type\": \"StepSucceeded\", \"v\": 1, \"tenant\": \""
                        + tenant + "\", \"at\": \"" + now + "\", \"payload\": {}}"));
        messages.put("a tombstone (null value)", null);
        return messages;
    }

    /**
     * A well-formed RunTenant whose envelope names no tenant: the agent cannot queue it behind any
     * tenant's work.
     */
    static byte[] runTenantWithoutTenant() {
        return WireCodec.encode(Envelope.of(
                null,
                UUID.randomUUID(),
                Instant.now(),
                new RunTenant(UUID.randomUUID(), "nope", Direction.UP, List.of())));
    }

    /** Sends each value to {@code topic} under {@code key}, unsigned, waiting for the broker's acknowledgement. */
    static void publish(String bootstrap, String topic, String key, Iterable<byte[]> values)
            throws InterruptedException, ExecutionException {
        publish(bootstrap, topic, key, values, null);
    }

    /**
     * The same, each record signed with {@code signer} as the coordinator's relay signs (no epoch):
     * what a coordinator with a bug would send, which agents check past the signature.
     */
    static void publish(String bootstrap, String topic, String key, Iterable<byte[]> values, PrivateKey signer)
            throws InterruptedException, ExecutionException {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
                if (signer != null) {
                    byte[] sentAt = CommandSignature.sentAt(Instant.now());
                    record.headers().add(CommandSignature.SENT_AT_HEADER, sentAt);
                    record.headers()
                            .add(
                                    CommandSignature.HEADER,
                                    CommandSignature.sign(topic, key, null, sentAt, value, signer)
                                            .getBytes(StandardCharsets.US_ASCII));
                }
                producer.send(record).get();
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
