package dev.flotilla.coordinator.messaging;

import dev.flotilla.coordinator.store.DeadLetters;
import dev.flotilla.coordinator.store.DeadLetters.Reported;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.WireCodec;
import dev.flotilla.model.wire.WireException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code flotilla.dead-letters}, where agents set aside the commands they can never carry out
 * (their channel's dead-letter queue writes the reason and the command's origin in headers), and keeps
 * each beside the coordinator's own dead letters. The same command set aside twice (re-delivered to a
 * second agent, or the topic read again) is kept once: its origin (topic, partition, offset) names it.
 * Storing is retried while the database is down, so the channel never fails on it.
 */
@ApplicationScoped
public class AgentDeadLetterConsumer {

    private static final Logger LOGGER = Logger.getLogger(AgentDeadLetterConsumer.class);

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final DeadLetters deadLetters;

    public AgentDeadLetterConsumer(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Incoming("dead-letters")
    @Blocking
    public void onDeadLetter(ConsumerRecord<String, byte[]> record) {
        Reported letter = read(record);
        Backoff backoff = Backoff.between(FIRST_BACKOFF, MAX_BACKOFF);
        while (true) {
            try {
                deadLetters.addReported(letter);
                return;
            } catch (RuntimeException e) {
                LOGGER.errorf("agent dead letter not stored, retrying in=%s reason=%s", backoff.current(), e);
                pause(backoff.current());
                backoff = backoff.failed();
            }
        }
    }

    /** The dead letter as kept: id, type and tenant from the command when it can be read, else null. */
    static Reported read(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        String topic = header(headers, KafkaDeadLetterQueue.DEAD_LETTER_TOPIC);
        String origin = topic == null
                ? record.topic() + ":" + record.partition() + ":" + record.offset()
                : topic
                        + ":" + header(headers, KafkaDeadLetterQueue.DEAD_LETTER_PARTITION)
                        + ":" + header(headers, KafkaDeadLetterQueue.DEAD_LETTER_OFFSET);
        String reason = header(headers, KafkaDeadLetterQueue.DEAD_LETTER_REASON);
        UUID key = UUID.nameUUIDFromBytes(("dead-letter " + origin).getBytes(StandardCharsets.UTF_8));
        Reported unread = new Reported(
                key,
                topic == null ? record.topic() : topic,
                null,
                null,
                record.key(),
                record.value(),
                reason == null ? "set aside by an agent, no reason given" : reason);
        if (record.value() == null) {
            return unread;
        }
        try {
            Envelope<Payload> command = WireCodec.decode(record.value());
            return new Reported(
                    key,
                    unread.topic(),
                    command.id(),
                    command.type(),
                    command.tenant() == null ? record.key() : command.tenant(),
                    record.value(),
                    unread.reason());
        } catch (WireException e) {
            return unread;
        }
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", interrupted);
        }
    }
}
