package dev.flotilla.coordinator.messaging;

/**
 * What became of one outbox row the relay tried to publish. Only {@link Refused} rows leave the outbox
 * without reaching the broker: they go to the dead letters, so a row that can never be sent does not
 * hold back the rows behind it.
 */
sealed interface SendOutcome {

    /** The broker acknowledged the record. */
    record Sent() implements SendOutcome {}

    /** The record can never be sent as it is (too large, a topic that cannot exist); {@code reason} says why. */
    record Refused(String reason) implements SendOutcome {}

    /** Not sent this time, for a reason that may pass (broker down, no answer in time): the row is kept and retried. */
    record Failed(String reason) implements SendOutcome {}
}
