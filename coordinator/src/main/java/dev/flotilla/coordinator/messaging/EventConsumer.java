package dev.flotilla.coordinator.messaging;

import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.service.EventFolder;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.WireCodec;
import dev.flotilla.model.wire.WireException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code flotilla.events} in order and folds each event; the offset is committed only after the
 * fold's transaction committed, so a crash re-delivers and the message log skips what was done.
 */
@ApplicationScoped
public class EventConsumer {

    private static final Logger LOGGER = Logger.getLogger(EventConsumer.class);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final EventFolder folder;
    private final CatalogService catalog;

    public EventConsumer(EventFolder folder, CatalogService catalog) {
        this.folder = folder;
        this.catalog = catalog;
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
            foldUntilDone((Envelope<? extends Event>) (Envelope<?>) envelope);
        } else {
            LOGGER.warnf("message skipped type=%s reason=not an event", envelope.type());
        }
    }

    /**
     * Retries a fold that failed (the database is down, say) with growing pauses, holding back later
     * events: skipping one would lose an acknowledged step, and folding later ones first would break
     * per-tenant order.
     */
    private void foldUntilDone(Envelope<? extends Event> envelope) {
        catalog.awaitReady();
        Duration backoff = Duration.ofMillis(200);
        while (true) {
            try {
                folder.fold(envelope);
                return;
            } catch (RuntimeException e) {
                LOGGER.errorf(
                        "event fold failed, retrying id=%s type=%s in=%s reason=%s",
                        envelope.id(), envelope.type(), backoff, e.getMessage());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }
}
