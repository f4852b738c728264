package dev.flotilla.agent.apply;

import dev.flotilla.model.wire.MessageTypes;
import dev.flotilla.model.wire.Payload;

/**
 * An event did not reach the broker. The command that caused it must not be acknowledged: left
 * unacknowledged it is delivered again after a restart or rebalance (and the coordinator re-sends a
 * run it hears nothing of), and the tenant's history makes the re-run report what was done.
 */
public final class EventNotSentException extends RuntimeException {

    /**
     * @param event the event that was not sent, null when several were awaited together
     * @param cause why, as the producer said; may be null
     */
    public EventNotSentException(Payload event, Throwable cause) {
        super(
                (event == null ? "events" : "a " + MessageTypes.nameOf(event)) + " did not reach the broker: " + cause,
                cause);
    }
}
