package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.service.EventsTopicRetention.Stay;
import java.time.Duration;
import java.util.Optional;

/**
 * How long processed message ids must be kept. An id is what makes a redelivered or replayed event
 * harmless; forgetting it while the event is still on {@code flotilla.events} would let a replay (a
 * consumer group reset, a new coordinator reading from the beginning) fold it again, and an old
 * inventory folded again moves cells back. So the configured horizon is kept only when it is longer
 * than an event can stay on the topic; otherwise that stay is kept instead. Pure.
 */
final class ProcessedHorizon {

    private ProcessedHorizon() {}

    /**
     * The age after which ids may be forgotten; empty when none may be this round (events stay for ever,
     * or the broker could not say how long).
     */
    static Optional<Duration> of(Duration configured, Stay stay) {
        return switch (stay) {
            case Stay.AtMost atMost ->
                Optional.of(configured.compareTo(atMost.atMost()) > 0 ? configured : atMost.atMost());
            case Stay.Forever forever -> Optional.empty();
            case Stay.Unknown unknown -> Optional.empty();
        };
    }
}
