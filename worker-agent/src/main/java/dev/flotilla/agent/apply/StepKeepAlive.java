package dev.flotilla.agent.apply;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.model.wire.StepProgress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * While a step executes (one long statement may take hours), reports it as alive every
 * {@code progress-interval}, so the coordinator does not take a long step for a lost run.
 */
@ApplicationScoped
public class StepKeepAlive {

    private static final Logger LOGGER = Logger.getLogger(StepKeepAlive.class);

    private final EventSink events;
    private final long intervalMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("step-keepalive").daemon().factory());
    /** Reports wait for the broker's ack; each on its own thread, so one slow ack delays no other tenant. */
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    public StepKeepAlive(AgentConfig config, EventSink events) {
        this.events = events;
        this.intervalMillis = config.progressInterval().toMillis();
        if (intervalMillis < 1) {
            throw new IllegalArgumentException(
                    "flotilla.agent.progress-interval must be positive, was " + config.progressInterval());
        }
    }

    /** Starts reporting the step; closing stops it, and no report is sent after close returns. */
    public Ticket start(String tenant, String rollout, UUID runId, String version) {
        Ticket ticket = new Ticket(tenant, rollout, new StepProgress(runId, version, 0, null, null));
        ticket.future = timer.scheduleAtFixedRate(
                () -> senders.execute(ticket::report), intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
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
        private final String rollout;
        private final StepProgress progress;
        private ScheduledFuture<?> future;
        private boolean closed;

        private Ticket(String tenant, String rollout, StepProgress progress) {
            this.tenant = tenant;
            this.rollout = rollout;
            this.progress = progress;
        }

        private synchronized void report() {
            if (closed) {
                return;
            }
            try {
                events.emit(tenant, rollout, progress);
            } catch (RuntimeException e) {
                LOGGER.warnf("step progress not sent tenant=%s version=%s reason=%s", tenant, progress.version(), e);
            }
        }

        /** Waits for a report in progress, so the step's outcome is always the last event about it. */
        @Override
        public synchronized void close() {
            closed = true;
            future.cancel(false);
        }
    }
}
