package dev.flotilla.agent.apply;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.MessageTypes;
import dev.flotilla.model.wire.StepProgress;
import dev.flotilla.model.wire.StepStarted;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Reports a step while it executes: {@code StepStarted} once it has run for {@code step-started-after}
 * (a quick step is reported by its outcome alone), then {@code StepProgress} every
 * {@code progress-interval}, so the coordinator does not take a long step (one statement may take
 * hours) for a lost run.
 */
@ApplicationScoped
public class StepKeepAlive {

    private static final Logger LOGGER = Logger.getLogger(StepKeepAlive.class);

    private final EventSink events;
    private final BatchListener batches;
    private final long intervalMillis;
    private final long startedAfterMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("step-keepalive").daemon().factory());
    /** Reports wait for the broker's ack, each on its own thread, so one slow ack delays no other tenant. */
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    public StepKeepAlive(AgentConfig config, EventSink events, BatchListener batches) {
        this.events = events;
        this.batches = batches;
        this.intervalMillis = positive("progress-interval", config.progressInterval());
        this.startedAfterMillis = config.stepStartedAfter().toMillis();
        if (startedAfterMillis < 0) {
            throw new IllegalArgumentException(
                    "flotilla.agent.step-started-after must not be negative, was " + config.stepStartedAfter());
        }
    }

    private static long positive(String name, Duration value) {
        if (value.toMillis() < 1) {
            throw new IllegalArgumentException("flotilla.agent." + name + " must be positive, was " + value);
        }
        return value.toMillis();
    }

    /**
     * Whether a step must be reported started before it executes: always for a non-transactional one,
     * and for every step when {@code step-started-after} is 0.
     */
    public boolean announcesBefore(boolean transactional) {
        return !transactional || startedAfterMillis == 0;
    }

    /**
     * Starts reporting the step; closing stops it, and no report is sent after close returns.
     *
     * @param announced whether the caller already reported the step started
     */
    public Ticket start(String tenant, UUID rollout, StepStarted started, boolean announced) {
        Ticket ticket = new Ticket(tenant, rollout, started, StepProgress.alive(started.runId(), started.version()));
        ticket.announced = announced;
        long first = announced ? intervalMillis : startedAfterMillis;
        ticket.future = timer.scheduleAtFixedRate(
                () -> senders.execute(() -> {
                    // not the logging context (MDC) inherited from whichever run's thread made the timer
                    MDC.clear();
                    ticket.report();
                }),
                first,
                intervalMillis,
                TimeUnit.MILLISECONDS);
        return ticket;
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
        senders.shutdownNow();
    }

    /** One step being reported; close it when the step ends, before its outcome is emitted. */
    public final class Ticket implements AutoCloseable {
        private final String tenant;
        private final UUID rollout;
        private final StepStarted started;
        /** The latest progress; a batched step replaces it after each batch. */
        private volatile StepProgress progress;

        private ScheduledFuture<?> future;
        private boolean announced;
        private boolean closed;

        private Ticket(String tenant, UUID rollout, StepStarted started, StepProgress progress) {
            this.tenant = tenant;
            this.rollout = rollout;
            this.started = started;
            this.progress = progress;
        }

        /**
         * Hands the report to the producer under the ticket's lock, then waits for the broker's ack
         * outside it: {@link #close} waits for the hand-over only, so a step whose report cannot reach
         * the broker (cut off from it) still ends, and its run can stop after it.
         */
        private void report() {
            Event event;
            CompletableFuture<Void> sent;
            synchronized (this) {
                if (closed) {
                    return;
                }
                event = announced ? progress : started;
                sent = events.send(tenant, rollout, event);
                announced = true;
            }
            try {
                sent.join();
            } catch (CompletionException | CancellationException e) {
                LOGGER.warnf(
                        "step report not sent tenant=%s version=%s type=%s reason=%s",
                        tenant, started.version(), MessageTypes.nameOf(event), e.getCause() == null ? e : e.getCause());
            }
        }

        /**
         * A batch of the step committed, covering {@code keys}: the next report says {@code latest} once
         * the step is announced. The step's own thread calls it.
         */
        public void update(long keys, StepProgress latest) {
            progress = latest;
            batches.committed(started.version(), started.direction(), keys);
        }

        /**
         * Waits for a report being handed to the producer, so the step's outcome, sent after, is always
         * the last event about it (the producer keeps a tenant's events in the order it was given them).
         */
        @Override
        public synchronized void close() {
            closed = true;
            future.cancel(false);
        }
    }
}
