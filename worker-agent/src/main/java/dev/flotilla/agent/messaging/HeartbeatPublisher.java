package dev.flotilla.agent.messaging;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.tenants.TenantDirectory;
import dev.flotilla.agent.tenants.TenantTarget;
import dev.flotilla.model.wire.AgentHeartbeat;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.WireCodec;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Announces the agent on the compacted {@code flotilla.agents} topic, keyed by agent id. */
@ApplicationScoped
public class HeartbeatPublisher {

    static final String VERSION = "0.1.0";

    private final AgentConfig config;
    private final TenantDirectory directory;
    private final MutinyEmitter<byte[]> emitter;
    private final Clock clock;

    public HeartbeatPublisher(
            AgentConfig config,
            TenantDirectory directory,
            @Channel("heartbeats") MutinyEmitter<byte[]> emitter,
            Clock clock) {
        this.config = config;
        this.directory = directory;
        this.emitter = emitter;
        this.clock = clock;
    }

    public void beat() {
        AgentHeartbeat heartbeat = new AgentHeartbeat(
                config.id(),
                config.site(),
                directory.all().stream().map(TenantTarget::id).toList(),
                config.capacity(),
                VERSION);
        byte[] value = WireCodec.encode(Envelope.of(null, null, clock.instant(), heartbeat));
        emitter.sendMessageAndAwait(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(config.id())
                        .build()));
    }
}
