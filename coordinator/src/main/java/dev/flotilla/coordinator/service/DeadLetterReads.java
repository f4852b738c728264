package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.store.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The events the coordinator set aside, as an operator inspects them. The REST resource reads them
 * here, not in {@code store}, so the API depends on the services only.
 */
@ApplicationScoped
public class DeadLetterReads {

    /**
     * A dead letter; {@code messageId}, {@code type} and {@code tenant} are null when unreadable.
     *
     * @param topic the topic it came from, or was going to when {@code outgoing}
     * @param outgoing true for a message the coordinator could never send, false for one received
     * @param setAsideBy {@code coordinator}, or {@code agent} for a command an agent could not carry out
     * @param receivedAt when it was set aside
     */
    public record DeadLetter(
            long id,
            UUID messageId,
            String type,
            String tenant,
            String topic,
            boolean outgoing,
            String setAsideBy,
            String reason,
            Instant receivedAt) {}

    private final DeadLetters deadLetters;

    public DeadLetterReads(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The most recent {@code limit} dead letters, newest first; only those {@code setAsideBy} one side unless null. */
    public List<DeadLetter> recent(int limit, String setAsideBy) {
        return deadLetters.recent(limit, setAsideBy).stream()
                .map(d -> new DeadLetter(
                        d.id(),
                        d.messageId(),
                        d.type(),
                        d.tenant(),
                        d.topic(),
                        d.outgoing(),
                        d.setAsideBy(),
                        d.reason(),
                        d.receivedAt()))
                .toList();
    }
}
