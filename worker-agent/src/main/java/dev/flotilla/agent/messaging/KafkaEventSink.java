package dev.flotilla.agent.messaging;

import dev.flotilla.agent.apply.EventSink;
import dev.flotilla.agent.apply.ReportBacklog;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.WireCodec;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends events to {@code flotilla.events}, keyed by tenant; the producer keeps each partition's order.
 * Each send counts in the {@link ReportBacklog} until the broker has it.
 */
@ApplicationScoped
public class KafkaEventSink implements EventSink {

    private final MutinyEmitter<byte[]> emitter;
    private final Clock clock;
    private final ReportBacklog backlog;

    public KafkaEventSink(@Channel("events") MutinyEmitter<byte[]> emitter, Clock clock, ReportBacklog backlog) {
        this.emitter = emitter;
        this.clock = clock;
        this.backlog = backlog;
    }

    @Override
    public CompletableFuture<Void> send(String tenant, UUID rollout, Event event) {
        byte[] value = WireCodec.encode(Envelope.of(tenant, rollout, clock.instant(), event));
        return backlog.track(emitter.sendMessage(Message.of(value)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(tenant)
                                .build()))
                .subscribeAsCompletionStage());
    }
}
