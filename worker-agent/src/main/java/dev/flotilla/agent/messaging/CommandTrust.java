package dev.flotilla.agent.messaging;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.TrustedKey;
import dev.flotilla.model.wire.CommandSignature;
import dev.flotilla.model.wire.Fencing;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Which commands the agent acts on: those the trusted coordinator signed, for this topic and this
 * tenant, with this epoch, time and content ({@link CommandSignature}), and sent no longer ago than
 * {@code flotilla.agent.command-max-age}. A forged, altered or replayed old command is set aside
 * before its content is even read.
 */
@ApplicationScoped
public class CommandTrust {

    private final Optional<PublicKey> key;
    private final Duration maxAge;
    private final Clock clock;

    public CommandTrust(TrustedKey trusted, AgentConfig config, Clock clock) {
        this.key = trusted.key();
        this.maxAge = config.commandMaxAge();
        this.clock = clock;
    }

    /** Why the record must not be acted on; empty when it may (or when the agent runs insecure). */
    Optional<String> problem(Message<byte[]> message) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Optional<IncomingKafkaRecordMetadata> metadata = message.getMetadata(IncomingKafkaRecordMetadata.class);
        if (metadata.isEmpty()) {
            return Optional.of("it did not come from Kafka");
        }
        IncomingKafkaRecordMetadata<?, ?> record = metadata.get();
        Headers headers = record.getHeaders();
        String signature = text(headers.lastHeader(CommandSignature.HEADER));
        if (signature == null) {
            return Optional.of("it is unsigned and this agent trusts a coordinator key (a forged command?)");
        }
        Header epoch = headers.lastHeader(Fencing.HEADER);
        Header sent = headers.lastHeader(CommandSignature.SENT_AT_HEADER);
        Object recordKey = record.getKey();
        boolean valid = CommandSignature.valid(
                record.getTopic(),
                recordKey == null ? null : recordKey.toString(),
                epoch == null ? null : epoch.value(),
                sent == null ? null : sent.value(),
                message.getPayload(),
                signature,
                key.get());
        if (!valid) {
            return Optional.of("its signature is not the trusted coordinator's for this topic, tenant, epoch, time"
                    + " and content (a forged or altered command?)");
        }
        Optional<Instant> sentAt = CommandSignature.sentAt(sent == null ? null : sent.value());
        if (sentAt.isEmpty()) {
            return Optional.of("it does not say when it was sent");
        }
        Duration age = Duration.between(sentAt.get(), clock.instant());
        return age.compareTo(maxAge) > 0
                ? Optional.of("it was sent " + sentAt.get() + ", longer ago than flotilla.agent.command-max-age ("
                        + maxAge + "): an old command replayed, or one that waited too long")
                : Optional.empty();
    }

    private static String text(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }
}
