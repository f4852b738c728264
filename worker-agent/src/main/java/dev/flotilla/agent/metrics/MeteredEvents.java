package dev.flotilla.agent.metrics;

import dev.flotilla.agent.apply.EventSink;
import dev.flotilla.model.wire.Event;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Decorates the agent's {@link EventSink}: every event on its way to the broker is counted
 * ({@link AgentMeters#observe}), and held as unsent until the broker acknowledges it. The work that
 * sends events knows nothing of it; the container puts it in front of whichever sink is in use.
 */
@Decorator
@Priority(10)
public class MeteredEvents implements EventSink {

    @Inject
    @Delegate
    EventSink delegate;

    @Inject
    AgentMeters meters;

    @Override
    public CompletableFuture<Void> send(String tenant, UUID rollout, Event event) {
        meters.observe(event);
        meters.sending();
        CompletableFuture<Void> sent = delegate.send(tenant, rollout, event);
        sent.whenComplete((ok, failure) -> meters.sent(failure == null));
        return sent;
    }
}
