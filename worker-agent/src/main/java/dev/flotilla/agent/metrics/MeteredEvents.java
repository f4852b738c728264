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
 * ({@link AgentMeters#observe}), and one the producer gives up on is counted as a send failure (those
 * not acknowledged yet are the {@link dev.flotilla.agent.apply.ReportBacklog}'s). The work that
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
        CompletableFuture<Void> sent = delegate.send(tenant, rollout, event);
        sent.whenComplete((ok, failure) -> {
            if (failure != null) {
                meters.sendFailed();
            }
        });
        return sent;
    }
}
