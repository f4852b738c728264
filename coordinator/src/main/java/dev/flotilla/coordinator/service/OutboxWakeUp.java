package dev.flotilla.coordinator.service;

/**
 * Whoever publishes the outbox, told that a transaction just committed new rows so it looks now
 * rather than at its next poll. Owned by {@code service} (and implemented by the Kafka relay in
 * {@code messaging}) so that the services, which write the outbox, do not depend on the messaging
 * adapter that depends on them.
 */
public interface OutboxWakeUp {

    /** Asks for the outbox to be read soon; never blocks, and a missed wake-up only costs a poll. */
    void wakeUp();
}
