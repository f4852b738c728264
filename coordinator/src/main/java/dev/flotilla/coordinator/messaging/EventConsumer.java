package dev.flotilla.coordinator.messaging;

import dev.flotilla.coordinator.service.EventFolder;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.WireCodec;
import dev.flotilla.model.wire.WireException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code flotilla.events} in order and folds each event; the offset is committed only after the
 * fold's transaction committed, so a crash re-delivers and the message log skips what was done.
 */
@ApplicationScoped
public class EventConsumer {

    private static final Logger LOGGER = Logger.getLogger(EventConsumer.class);

    private final EventFolder folder;

    public EventConsumer(EventFolder folder) {
        this.folder = folder;
    }

    @Incoming("events")
    @Blocking
    @SuppressWarnings("unchecked")
    public void onEvent(byte[] value) {
        Envelope<Payload> envelope;
        try {
            envelope = WireCodec.decode(value);
        } catch (WireException e) {
            LOGGER.warnf("event skipped reason=%s", e.getMessage());
            return;
        }
        if (envelope.payload() instanceof Event) {
            folder.fold((Envelope<? extends Event>) (Envelope<?>) envelope);
        } else {
            LOGGER.warnf("message skipped type=%s reason=not an event", envelope.type());
        }
    }
}
