package dev.flotilla.coordinator.service;

import java.time.Duration;

/**
 * How long an event may stay on {@code flotilla.events} before the broker deletes it, as the broker is
 * configured now. Owned by {@code service} (and implemented against the broker in {@code messaging}) so
 * retention can ask without depending on the Kafka adapter.
 */
public interface EventsTopicRetention {

    /** The longest an event may stay on the topic. */
    Stay longestStay();

    /** What the broker said. */
    sealed interface Stay {

        /** Events are deleted at most {@code atMost} after they were written. */
        record AtMost(Duration atMost) implements Stay {}

        /** Events are never deleted by age (no {@code retention.ms}). */
        record Forever() implements Stay {}

        /** The broker could not be asked; {@code why} says what failed. */
        record Unknown(String why) implements Stay {}
    }
}
