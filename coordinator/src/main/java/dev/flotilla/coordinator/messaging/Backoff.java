package dev.flotilla.coordinator.messaging;

import java.time.Duration;

/**
 * A pause that doubles after each failure, from {@code first} up to {@code max}. Immutable, pure.
 *
 * @param current the pause to take after the next failure
 */
record Backoff(Duration first, Duration max, Duration current) {

    static Backoff between(Duration first, Duration max) {
        return new Backoff(first, max, first);
    }

    /** The pause after one more failure. */
    Backoff failed() {
        Duration next = current.multipliedBy(2);
        return new Backoff(first, max, next.compareTo(max) > 0 ? max : next);
    }

    /** Back to the first pause, after a success. */
    Backoff reset() {
        return new Backoff(first, max, first);
    }
}
