package dev.flotilla.coordinator.messaging;

import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.service.EventFolder;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.DeadLetters;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.WireCodec;
import dev.flotilla.model.wire.WireException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code flotilla.events} in order and folds each event; the offset is committed only after the
 * fold's transaction committed, so a crash re-delivers and the message log skips what was done. An
 * event that can never be folded (unreadable, invalid, or failing while the database works) is set
 * aside in the dead letters so it does not block the events behind it.
 */
@ApplicationScoped
public class EventConsumer {

    private static final Logger LOGGER = Logger.getLogger(EventConsumer.class);

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Fold failures, with the database answering, after which an event counts as poison. */
    private static final int POISON_AFTER = 5;

    private final EventFolder folder;
    private final CatalogService catalog;
    private final DeadLetters deadLetters;
    private final Db db;
    private final OutboxRelay relay;

    public EventConsumer(
            EventFolder folder, CatalogService catalog, DeadLetters deadLetters, Db db, OutboxRelay relay) {
        this.folder = folder;
        this.catalog = catalog;
        this.deadLetters = deadLetters;
        this.db = db;
        this.relay = relay;
    }

    /**
     * Folds a batch of events (as polled, at most {@code max.poll.records}) in one transaction. Events
     * that cannot be folded are set aside first; if the batch's transaction fails, its events are folded
     * one by one, so one bad event costs only itself.
     */
    @Incoming("events")
    @Blocking
    public void onEvents(List<byte[]> values) {
        catalog.awaitReady();
        List<Readable> readable = new ArrayList<>();
        for (byte[] value : values) {
            read(value).ifPresent(readable::add);
        }
        if (readable.isEmpty()) {
            return;
        }
        try {
            folder.foldAll(readable.stream().map(Readable::envelope).toList());
        } catch (RuntimeException e) {
            LOGGER.warnf("event batch fold failed, folding one by one count=%d reason=%s", readable.size(), e);
            for (Readable one : readable) {
                fold(one.envelope(), one.value());
            }
        }
    }

    /** An event that passed its checks, with its bytes for a dead letter. */
    private record Readable(Envelope<? extends Event> envelope, byte[] value) {}

    @SuppressWarnings("unchecked")
    private Optional<Readable> read(byte[] value) {
        Envelope<Payload> envelope;
        try {
            envelope = WireCodec.decode(value);
        } catch (WireException e) {
            setAside(null, null, null, value, "unreadable: " + e.getMessage());
            return Optional.empty();
        }
        if (!(envelope.payload() instanceof Event)) {
            setAside(envelope, value, "a " + envelope.type() + " is not an event");
            return Optional.empty();
        }
        Envelope<? extends Event> event = (Envelope<? extends Event>) (Envelope<?>) envelope;
        Optional<String> problem = EventChecks.problem(event);
        if (problem.isPresent()) {
            setAside(envelope, value, problem.get());
            return Optional.empty();
        }
        return Optional.of(new Readable(event, value));
    }

    /**
     * Retries a fold that failed with growing pauses, holding back later events: skipping one would lose
     * an acknowledged step, and folding later ones first would break per-tenant order. A transient
     * failure (the database down, a deadlock, a lock or statement timeout) is retried for ever. Only an
     * event that failed {@link #POISON_AFTER} times for another reason while the database answered is
     * set aside, and its tenant's inventory is requested so the matrix still converges.
     */
    private void fold(Envelope<? extends Event> envelope, byte[] value) {
        Duration backoff = FIRST_BACKOFF;
        int failures = 0;
        while (true) {
            try {
                folder.fold(envelope);
                return;
            } catch (RuntimeException e) {
                if (!FoldFailures.isTransient(e) && db.reachable() && ++failures >= POISON_AFTER) {
                    setAside(envelope, value, "fold failed " + failures + " times: " + e);
                    return;
                }
                LOGGER.errorf(
                        "event fold failed, retrying id=%s type=%s in=%s reason=%s",
                        envelope.id(), envelope.type(), backoff, e.getMessage());
                backoff = pause(backoff);
            }
        }
    }

    private void setAside(Envelope<?> envelope, byte[] value, String reason) {
        setAside(envelope.id(), envelope.type(), envelope.tenant(), value, reason);
    }

    /** Keeps the event as a dead letter, retrying while the database is down; id, type and tenant may be null. */
    private void setAside(UUID id, String type, String tenant, byte[] value, String reason) {
        LOGGER.errorf("event set aside as a dead letter id=%s type=%s tenant=%s reason=%s", id, type, tenant, reason);
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                if (deadLetters.add(id, type, tenant, value, reason)) {
                    relay.wakeUp();
                }
                return;
            } catch (RuntimeException e) {
                LOGGER.errorf("dead letter not stored, retrying in=%s reason=%s", backoff, e.getMessage());
                backoff = pause(backoff);
            }
        }
    }

    private static Duration pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", interrupted);
        }
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }
}
