package dev.flotilla.coordinator.messaging;

import dev.flotilla.coordinator.BackgroundLoop;
import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.service.OutboxWakeUp;
import dev.flotilla.coordinator.store.Leadership;
import dev.flotilla.coordinator.store.OutboxStore;
import dev.flotilla.model.wire.Fencing;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox while this coordinator leads: reads the oldest rows, sends them in order, and
 * deletes them once the broker acknowledged every one. A crash between send and delete re-sends; readers dedupe by message id, so
 * delivery is at least once and state is never lost.
 */
@ApplicationScoped
public class OutboxRelay implements OutboxWakeUp {

    private static final Logger LOGGER = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final Duration IDLE_POLL = Duration.ofMillis(250);

    private final CatalogService catalog;
    private final Leadership leadership;
    private final MutinyEmitter<byte[]> emitter;
    private final Semaphore wakeUps = new Semaphore(0);
    private final BackgroundLoop loop = new BackgroundLoop("outbox-relay");

    public OutboxRelay(
            CatalogService catalog, Leadership leadership, @Channel("outbox") MutinyEmitter<byte[]> emitter) {
        this.catalog = catalog;
        this.leadership = leadership;
        this.emitter = emitter;
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

    /** Relays a batch; when the outbox is drained (or this coordinator does not lead), waits for a wake-up. */
    private Duration round() throws InterruptedException {
        catalog.awaitReady();
        if (relayBatch() < BATCH) {
            wakeUps.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            wakeUps.drainPermits();
        }
        return Duration.ZERO;
    }

    /**
     * Sends one batch; returns how many rows it sent. Reads and deletes go through the leader's own
     * connection: if its session (and so the lock) is gone, nothing is sent.
     */
    int relayBatch() {
        return leadership
                .whileLeading(connection -> {
                    List<OutboxStore.Pending> batch = OutboxStore.oldest(connection, BATCH);
                    if (batch.isEmpty()) {
                        return 0;
                    }
                    long epoch = leadership.epoch();
                    List<Uni<Void>> sends =
                            batch.stream().map(row -> send(row, epoch)).toList();
                    Uni.join().all(sends).andFailFast().await().atMost(Duration.ofSeconds(60));
                    OutboxStore.delete(
                            connection,
                            batch.stream().map(OutboxStore.Pending::seq).toList());
                    LOGGER.debugf("outbox relayed count=%d", batch.size());
                    return batch.size();
                })
                .orElse(0);
    }

    /** Sends a row stamped with the leader's fencing epoch, which agents check on commands. */
    private Uni<Void> send(OutboxStore.Pending pending, long epoch) {
        Message<byte[]> message = Message.of(pending.payload())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(pending.topic())
                        .withKey(pending.key())
                        .withHeaders(new RecordHeaders().add(Fencing.HEADER, Fencing.encode(epoch)))
                        .build());
        return emitter.sendMessage(message);
    }
}
