package dev.flotilla.agent.apply;

import dev.flotilla.agent.AgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The agent's events still on their way to the broker, oldest first. While the broker cannot be
 * reached (the network to it is cut, it is restarting), events pile up here unacknowledged; once the
 * oldest has waited longer than {@code report-stall}, the agent is {@link #stalled}: a run stops
 * after its current step and lets go of its tenant, and {@link #holdWhileStalled} keeps it (and every
 * run not yet started) from taking a tenant again until all events sent so far reached the broker or
 * failed; after a failure, any pending event stalls it until one arrives again. So an agent cut off
 * from the broker does not migrate on with no one hearing of it, and the
 * agent of its site that is given its commands meanwhile (once its group session expired) can go on
 * with its tenants. Normally events are acknowledged within milliseconds and this costs nothing.
 */
@ApplicationScoped
public class ReportBacklog {

    private static final Logger LOGGER = Logger.getLogger(ReportBacklog.class);
    private static final long RECHECK_MILLIS = 1000;

    private final Clock clock;
    private final Duration patience;
    /** When each pending event was handed to the producer, by a sequence number that grows. */
    private final LinkedHashMap<Long, Instant> pending = new LinkedHashMap<>();

    private long next;
    /** The last event to settle failed (the producer gave up on it), and none has reached the broker since. */
    private boolean failing;

    @Inject
    public ReportBacklog(Clock clock, AgentConfig config) {
        this(clock, config.reportStall());
    }

    ReportBacklog(Clock clock, Duration patience) {
        this.clock = clock;
        this.patience = patience;
    }

    /** Counts {@code send} as pending until it completes, either way; returns it. */
    public <T> CompletableFuture<T> track(CompletableFuture<T> send) {
        long id;
        synchronized (this) {
            id = next++;
            pending.put(id, clock.instant());
        }
        send.whenComplete((ignored, error) -> settled(id, error == null));
        return send;
    }

    private synchronized void settled(long id, boolean delivered) {
        pending.remove(id);
        failing = !delivered;
        notifyAll();
    }

    /**
     * Whether the oldest pending event has waited longer than {@code report-stall}, or, after an event
     * failed for good, any event is pending: until one reaches the broker again, the broker is taken
     * for unreachable, so a run that has sent its start waits to hear it arrived before its first step.
     */
    public synchronized boolean stalled() {
        Map.Entry<Long, Instant> oldest = pending.firstEntry();
        return oldest != null
                && (failing
                        || Duration.between(oldest.getValue(), clock.instant()).compareTo(patience) > 0);
    }

    /**
     * Returns at once unless {@link #stalled}; then waits until every event pending now has settled
     * (reached the broker, or failed for good after the producer's delivery timeout).
     *
     * @throws InterruptedException when the agent stops meanwhile
     */
    public synchronized void holdWhileStalled() throws InterruptedException {
        if (!stalled()) {
            return;
        }
        long upTo = next;
        Instant since = clock.instant();
        LOGGER.warnf(
                "events not reaching the broker pending=%d oldest=%s: no step starts until they do",
                pending.size(), pending.firstEntry().getValue());
        while (!pending.isEmpty() && pending.firstEntry().getKey() < upTo) {
            wait(RECHECK_MILLIS);
        }
        LOGGER.infof("events reach the broker again: steps go on after %s", Duration.between(since, clock.instant()));
    }

    /** How many events are pending now. */
    public synchronized int pending() {
        return pending.size();
    }
}
