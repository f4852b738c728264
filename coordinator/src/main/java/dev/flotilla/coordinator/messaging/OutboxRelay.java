package dev.flotilla.coordinator.messaging;

import dev.flotilla.coordinator.BackgroundLoop;
import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.service.OutboxWakeUp;
import dev.flotilla.coordinator.service.PlanSigner;
import dev.flotilla.coordinator.store.DeadLetters;
import dev.flotilla.coordinator.store.Leadership;
import dev.flotilla.coordinator.store.OutboxStore;
import dev.flotilla.coordinator.store.OutboxStore.Pending;
import dev.flotilla.model.wire.CommandSignature;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Fencing;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.WireCodec;
import dev.flotilla.model.wire.WireException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox while this coordinator leads: reads the oldest rows, sends them in order, and
 * deletes them once the broker acknowledged them. A crash between send and delete re-sends; readers
 * dedupe by message id, so delivery is at least once and state is never lost.
 *
 * <p>A row the broker can never take (a record larger than it accepts, a topic that cannot be created)
 * is moved to the dead letters with the reason, and the rows behind it are relayed: one bad row never
 * blocks dispatch. A row that failed for a reason that may pass (the broker down, no acknowledgement in
 * time) stays, with the rows behind it, and the relay pauses with a growing backoff before it sends
 * them again ({@link BatchOutcome}).
 */
@ApplicationScoped
public class OutboxRelay implements OutboxWakeUp {

    private static final Logger LOGGER = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final Duration IDLE_POLL = Duration.ofMillis(250);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    private static final Backoff FIRST_BACKOFF = Backoff.between(Duration.ofMillis(500), Duration.ofSeconds(10));

    private final CatalogService catalog;
    private final Leadership leadership;
    private final OutboxTopics topics;
    private final MutinyEmitter<byte[]> emitter;
    private final PlanSigner signer;
    private final Clock clock;
    private final Semaphore wakeUps = new Semaphore(0);
    private final BackgroundLoop loop = new BackgroundLoop("outbox-relay");
    /** Only the loop's thread reads and writes it. */
    private Backoff backoff = FIRST_BACKOFF;

    public OutboxRelay(
            CatalogService catalog,
            Leadership leadership,
            OutboxTopics topics,
            @Channel("outbox") MutinyEmitter<byte[]> emitter,
            PlanSigner signer,
            Clock clock) {
        this.catalog = catalog;
        this.leadership = leadership;
        this.topics = topics;
        this.emitter = emitter;
        this.signer = signer;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        loop.start(this::round);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        loop.stop();
    }

    /** Asks the relay to look at the outbox now rather than at its next poll. */
    @Override
    public void wakeUp() {
        wakeUps.release();
    }

    /**
     * Relays a batch. After a failure that may pass, pauses for the backoff; when the outbox is drained
     * (or this coordinator does not lead), waits for a wake-up.
     */
    private Duration round() throws InterruptedException {
        catalog.awaitReady();
        Optional<BatchOutcome> outcome = relayBatch();
        if (outcome.isPresent() && outcome.get().failure().isPresent()) {
            Duration pause = backoff.current();
            backoff = backoff.failed();
            LOGGER.warnf(
                    "outbox send failed, retrying in=%s relayed=%d reason=%s",
                    pause, outcome.get().done().size(), outcome.get().failure().get());
            return pause;
        }
        backoff = backoff.reset();
        if (outcome.map(o -> o.done().size()).orElse(0) < BATCH) {
            wakeUps.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            wakeUps.drainPermits();
        }
        return Duration.ZERO;
    }

    /**
     * Sends one batch and settles it; empty when the outbox was empty or this coordinator does not lead.
     * Reads and deletes go through the leader's own connection: if its session (and so the lock) is gone,
     * nothing is sent.
     */
    Optional<BatchOutcome> relayBatch() {
        return leadership
                .whileLeading(connection -> {
                    List<Pending> batch = OutboxStore.oldest(connection, BATCH);
                    if (batch.isEmpty()) {
                        return Optional.<BatchOutcome>empty();
                    }
                    List<SendOutcome> outcomes = sendAll(batch, leadership.epoch());
                    BatchOutcome outcome =
                            BatchOutcome.of(batch.stream().map(Pending::seq).toList(), outcomes);
                    OutboxStore.settle(connection, outcome.done(), deadLetters(batch, outcome));
                    LOGGER.debugf(
                            "outbox relayed count=%d refused=%d kept=%d",
                            outcome.done().size() - outcome.refused().size(),
                            outcome.refused().size(),
                            batch.size() - outcome.done().size());
                    return Optional.of(outcome);
                })
                .flatMap(o -> o);
    }

    /** Each row's outcome, in the batch's order: rows of a topic that cannot be used are not sent at all. */
    private List<SendOutcome> sendAll(List<Pending> batch, long epoch) {
        Map<String, Optional<SendOutcome>> topicProblems = new HashMap<>();
        for (Pending pending : batch) {
            topicProblems.computeIfAbsent(pending.topic(), topics::check);
        }
        List<Uni<SendOutcome>> sends = batch.stream()
                .map(pending -> topicProblems
                        .get(pending.topic())
                        .map(problem -> Uni.createFrom().item(problem))
                        .orElseGet(() -> send(pending, epoch)))
                .toList();
        List<SendOutcome> outcomes =
                Uni.join().all(sends).andCollectFailures().await().indefinitely();
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes.get(i) instanceof SendOutcome.Failed) {
                topics.forget(batch.get(i).topic());
            }
        }
        return outcomes;
    }

    /**
     * One send, stamped with the leader's fencing epoch and signed with the coordinator's key, both of
     * which agents check on commands; never fails: a failure, or no acknowledgement within
     * {@link #SEND_TIMEOUT}, is its outcome.
     */
    private Uni<SendOutcome> send(Pending pending, long epoch) {
        byte[] fence = Fencing.encode(epoch);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Fencing.HEADER, fence);
        byte[] sentAt = CommandSignature.sentAt(clock.instant());
        headers.add(CommandSignature.SENT_AT_HEADER, sentAt);
        signer.signRecord(pending.topic(), pending.key(), fence, sentAt, pending.payload())
                .ifPresent(signature ->
                        headers.add(CommandSignature.HEADER, signature.getBytes(StandardCharsets.US_ASCII)));
        Message<byte[]> message = Message.of(pending.payload())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(pending.topic())
                        .withKey(pending.key())
                        .withHeaders(headers)
                        .build());
        return emitter.sendMessage(message)
                .<SendOutcome>map(sent -> new SendOutcome.Sent())
                .ifNoItem()
                .after(SEND_TIMEOUT)
                .recoverWithItem(new SendOutcome.Failed("no acknowledgement from the broker within " + SEND_TIMEOUT))
                .onFailure()
                .recoverWithItem(SendFailures::ofSend);
    }

    /** The refused rows as dead letters, with what their envelope says when it can be read. */
    private static List<DeadLetters.Unsent> deadLetters(List<Pending> batch, BatchOutcome outcome) {
        Map<Long, Pending> bySeq = new HashMap<>();
        batch.forEach(p -> bySeq.put(p.seq(), p));
        return outcome.refused().stream()
                .map(refused -> {
                    Pending row = bySeq.get(refused.seq());
                    LOGGER.errorf(
                            "outbox row set aside as a dead letter seq=%d topic=%s key=%s bytes=%d reason=%s",
                            row.seq(), row.topic(), row.key(), row.payload().length, refused.reason());
                    Envelope<Payload> envelope = readable(row.payload());
                    return new DeadLetters.Unsent(
                            row.topic(),
                            envelope == null ? null : envelope.id(),
                            envelope == null ? null : envelope.type(),
                            envelope == null ? null : envelope.tenant(),
                            row.payload(),
                            refused.reason());
                })
                .toList();
    }

    /** The row's envelope, or null when it cannot be read. */
    private static Envelope<Payload> readable(byte[] payload) {
        try {
            return WireCodec.decode(payload);
        } catch (WireException e) {
            return null;
        }
    }
}
