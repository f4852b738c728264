package dev.flotilla.agent.apply;

import dev.flotilla.model.wire.Event;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Where the agent's events go, keyed by tenant so one tenant's events keep their order. */
public interface EventSink {

    /**
     * Hands the event over without waiting; the future completes once the broker has it. Events sent
     * one after another for one tenant arrive in that order.
     *
     * @param tenant the tenant the event is about, the Kafka key
     * @param rollout the rollout it belongs to, null when none
     */
    CompletableFuture<Void> send(String tenant, UUID rollout, Event event);

    /**
     * Sends and returns once the event is durably accepted (on the broker).
     *
     * @throws EventNotSentException when the broker did not take it
     */
    default void emit(String tenant, UUID rollout, Event event) {
        try {
            send(tenant, rollout, event).join();
        } catch (CompletionException | CancellationException e) {
            throw new EventNotSentException(event, e.getCause() == null ? e : e.getCause());
        }
    }
}
