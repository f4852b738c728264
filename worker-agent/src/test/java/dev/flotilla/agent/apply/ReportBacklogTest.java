package dev.flotilla.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReportBacklogTest {

    private static final Duration PATIENCE = Duration.ofSeconds(2);

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T08:00:00Z"));

        void advance(Duration by) {
            now.updateAndGet(at -> at.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private final HandClock clock = new HandClock();
    private final ReportBacklog backlog = new ReportBacklog(clock, PATIENCE);

    @Test
    void shouldNotHoldWhileEventsAreAcknowledgedWithinThePatience() throws Exception {
        backlog.track(new CompletableFuture<Void>());
        clock.advance(PATIENCE);

        assertThat(backlog.stalled()).isFalse();
        backlog.holdWhileStalled();
    }

    @Test
    void shouldForgetAnEventOnceItSettledEitherWay() {
        CompletableFuture<Void> acked = backlog.track(new CompletableFuture<>());
        CompletableFuture<Void> failed = backlog.track(new CompletableFuture<>());
        backlog.track(CompletableFuture.completedFuture(null));

        acked.complete(null);
        failed.completeExceptionally(new IllegalStateException("delivery timeout"));
        clock.advance(PATIENCE.multipliedBy(10));

        assertThat(backlog.pending()).isZero();
        assertThat(backlog.stalled()).isFalse();
    }

    @Test
    void shouldHoldTheNextStepUntilEveryEventPendingAtTheStallHasSettled() throws Exception {
        // given two events the broker has not taken for longer than the patience
        CompletableFuture<Void> first = backlog.track(new CompletableFuture<>());
        CompletableFuture<Void> second = backlog.track(new CompletableFuture<>());
        clock.advance(PATIENCE.plusMillis(1));
        assertThat(backlog.stalled()).isTrue();

        // when a run asks to start its next step
        CompletableFuture<Void> step = CompletableFuture.runAsync(() -> {
            try {
                backlog.holdWhileStalled();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        // then it waits while any of them is pending, and goes on once both settled
        first.complete(null);
        assertThat(step).as("one of the two still pending").isNotDone();
        Thread.sleep(100);
        assertThat(step).isNotDone();
        second.completeExceptionally(new IllegalStateException("delivery timeout"));
        step.get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldNotWaitForEventsSentAfterTheHoldBegan() throws Exception {
        CompletableFuture<Void> old = backlog.track(new CompletableFuture<>());
        clock.advance(PATIENCE.plusMillis(1));
        CompletableFuture<Void> held = new CompletableFuture<>();
        Thread step = Thread.ofPlatform().start(() -> {
            try {
                backlog.holdWhileStalled();
                held.complete(null);
            } catch (InterruptedException e) {
                held.completeExceptionally(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> step.getState() == Thread.State.TIMED_WAITING);
        backlog.track(new CompletableFuture<>()); // an event of another run, sent once the hold began, never acked

        old.complete(null);

        held.get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldTakeTheBrokerForUnreachableAfterAFailureUntilAnEventArrivesAgain() {
        // given an event the producer gave up on (its delivery timeout)
        backlog.track(new CompletableFuture<Void>()).completeExceptionally(new IllegalStateException("timeout"));
        assertThat(backlog.stalled()).as("nothing pending: nothing to wait for").isFalse();

        // when a run sends its start, then asks to begin its first step at once
        CompletableFuture<Void> started = backlog.track(new CompletableFuture<>());

        // then it waits for that event, however young, and goes on once one arrived
        assertThat(backlog.stalled()).isTrue();
        started.complete(null);
        assertThat(backlog.stalled()).isFalse();
        backlog.track(new CompletableFuture<>());
        assertThat(backlog.stalled())
                .as("a young pending event, the broker reachable again")
                .isFalse();
    }
}
