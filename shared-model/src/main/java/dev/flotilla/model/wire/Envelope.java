package dev.flotilla.model.wire;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Every message on the wire.
 *
 * @param id unique per message; readers dedupe by it
 * @param v schema version of the payload
 * @param tenant the tenant the message is about, also the Kafka key; null for agent-level messages
 * @param rollout the rollout the message belongs to, as text on the wire; null when it belongs to none
 * @param at when the sender created it
 */
public record Envelope<P extends Payload>(UUID id, int v, String tenant, UUID rollout, Instant at, P payload) {

    public static final int CURRENT_VERSION = 1;

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(payload, "payload");
    }

    public static <P extends Payload> Envelope<P> of(String tenant, UUID rollout, Instant at, P payload) {
        return new Envelope<>(UUID.randomUUID(), CURRENT_VERSION, tenant, rollout, at, payload);
    }

    public String type() {
        return MessageTypes.nameOf(payload);
    }
}
