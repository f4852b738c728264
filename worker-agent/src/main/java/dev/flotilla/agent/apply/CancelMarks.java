package dev.flotilla.agent.apply;

import dev.flotilla.agent.AgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The runs this agent was told to cancel. A mark is sticky: it is not used up by the first look, so
 * a cancel that arrives before its run, and every copy of the run delivered after it (a re-delivery, a
 * re-send), find it, and the run is reported cancelled without touching the tenant. It is bounded: at
 * most {@code cancel-marks.max} marks, each forgotten {@code cancel-marks.keep-for} after it was set,
 * the oldest first.
 *
 * <p>Memory is enough, also across a restart or a rebalance. A {@code CancelRun} has its run's tenant
 * as key, so it travels in the same partition as the run's {@code RunTenant}, after it, and the agent
 * commits a partition's offset only up to its oldest command not yet finished. While a cancelled run
 * has not finished here, neither offset is committed: after a restart (or on the agent that takes the
 * partition over) both are read again, in order, and the mark is set again before or while the run
 * executes, as the first time. Once the run has finished there is nothing left to cancel. What memory
 * cannot cover is a copy of the run sent after the cancel whose offset was committed before a crash;
 * the coordinator sends no such copy (it stops re-sending a run once its rollout is cancelled), and if
 * one came, the tenant's history would still keep its steps from being applied twice.
 *
 * <p>Thread-safe: the command channel marks, the tenants' workers look.
 */
@ApplicationScoped
public class CancelMarks {

    private final Clock clock;
    private final int max;
    private final Duration keepFor;
    /** When each mark was set, oldest first. */
    private final Map<UUID, Instant> marks = new LinkedHashMap<>();

    @Inject
    public CancelMarks(AgentConfig config, Clock clock) {
        this(config.cancelMarks().max(), config.cancelMarks().keepFor(), clock);
    }

    CancelMarks(int max, Duration keepFor, Clock clock) {
        if (max < 1) {
            throw new IllegalArgumentException("flotilla.agent.cancel-marks.max must be at least 1, was " + max);
        }
        if (keepFor.isNegative() || keepFor.isZero()) {
            throw new IllegalArgumentException("flotilla.agent.cancel-marks.keep-for must be positive, was " + keepFor);
        }
        this.max = max;
        this.keepFor = keepFor;
        this.clock = clock;
    }

    /** Marks the run cancelled (again: its mark is then kept from now on). */
    public synchronized void mark(UUID runId) {
        marks.remove(runId);
        marks.put(runId, clock.instant());
        forgetExpired();
        Iterator<UUID> oldest = marks.keySet().iterator();
        while (marks.size() > max) {
            oldest.next();
            oldest.remove();
        }
    }

    /** True while the run's mark is kept. */
    public synchronized boolean isMarked(UUID runId) {
        forgetExpired();
        return marks.containsKey(runId);
    }

    /** How many marks are kept. */
    synchronized int size() {
        forgetExpired();
        return marks.size();
    }

    private void forgetExpired() {
        Instant oldestKept = clock.instant().minus(keepFor);
        Iterator<Instant> setAt = marks.values().iterator();
        while (setAt.hasNext() && setAt.next().isBefore(oldestKept)) {
            setAt.remove();
        }
    }
}
