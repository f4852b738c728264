package dev.flotilla.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.RunStarted;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.StepStarted;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What a run knows of its own events: whether the broker took them, and what it may do next. */
class RunEventsTest {

    /** Hands out one future per event, completed by the test as the broker would. */
    private static final class Sends implements EventSink {
        final List<CompletableFuture<Void>> futures = new ArrayList<>();

        @Override
        public CompletableFuture<Void> send(String tenant, UUID rollout, Event event) {
            CompletableFuture<Void> send = new CompletableFuture<>();
            futures.add(send);
            return send;
        }
    }

    private final Sends sends = new Sends();
    private final UUID runId = UUID.randomUUID();
    private final RunEvents events = new RunEvents(
            sends,
            "tenant_0001",
            UUID.randomUUID(),
            new RunTenant(runId, "plan-1", Direction.UP, List.of(Version.of("0001"), Version.of("0002"))));

    @Test
    void shouldGoOnWhileItsEventsArePendingOrDelivered() {
        events.emit(new RunStarted(runId, "agent-1"));
        events.emit(new StepStarted(runId, Version.of("0001"), Direction.UP));
        sends.futures.getFirst().complete(null);

        assertThat(events.anyUnsent()).isFalse();
        events.requireDelivered();
    }

    @Test
    void shouldRefuseToGoOnOnceAnEventOfTheRunFailedToReachTheBroker() {
        // given a run that started a step, but whose report of it the producer gave up on
        events.emit(new RunStarted(runId, "agent-1"));
        events.emit(new StepStarted(runId, Version.of("0001"), Direction.UP));
        sends.futures.get(0).complete(null);
        sends.futures.get(1).completeExceptionally(new IllegalStateException("delivery timeout"));

        // then it knows, and may not take the tenant again for its next step
        assertThat(events.anyUnsent()).isTrue();
        assertThatThrownBy(events::requireDelivered)
                .isInstanceOf(EventNotSentException.class)
                .hasMessageContaining("delivery timeout");
    }
}
