package dev.flotilla.agent.apply;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.TrustedKey;
import dev.flotilla.model.wire.PlanPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Plans received on {@code flotilla.plans}, by id. A run may arrive before its plan (they travel on
 * different topics), so runs wait for it. At most {@code plan-cache.max} plans are kept, the least
 * recently used let go first, except that a plan a queued or running command needs is pinned
 * ({@link #pin}) and never let go. A plan let go of and needed again is read again from the topic
 * ({@link PlanSource}) and checked as when it first arrived.
 */
@ApplicationScoped
public class PlanCache {

    private static final Logger LOGGER = Logger.getLogger(PlanCache.class);
    /** How many ids of plans let go of are remembered, per plan kept: a run naming one reads it at once. */
    private static final int EVICTED_PER_KEPT = 10;

    private final int max;
    private final PlanTrust trust;
    private final PlanSource source;
    /** Least recently used first; guarded by this, like the other maps but {@link #reading}. */
    private final Map<String, PlanPublished> plans = new LinkedHashMap<>(16, 0.75f, true);

    private final Map<String, Integer> pins = new HashMap<>();
    private final Map<String, String> rejected;
    private final Set<String> evicted;
    private final Map<String, CompletableFuture<Void>> reading = new ConcurrentHashMap<>();

    @Inject
    public PlanCache(AgentConfig config, TrustedKey trusted, PlanSource source) {
        this(config.planCache().max(), new PlanTrust(trusted.key()), source);
    }

    PlanCache(int max, PlanTrust trust, PlanSource source) {
        if (max < 1) {
            throw new IllegalArgumentException("flotilla.agent.plan-cache.max must be at least 1, was " + max);
        }
        this.max = max;
        this.trust = trust;
        this.source = source;
        this.rejected = bounded(max);
        this.evicted = Collections.newSetFromMap(bounded(max * EVICTED_PER_KEPT));
    }

    private static <V> Map<String, V> bounded(int size) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > size;
            }
        };
    }

    /** Keeps a plan whose id matches its content (and, with a trusted key, that it signed); drops and logs others. */
    public synchronized void put(PlanPublished plan) {
        Optional<String> problem = trust.problem(plan);
        if (problem.isPresent()) {
            LOGGER.errorf("plan rejected planId=%s reason=%s", plan.planId(), problem.get());
            rejected.put(plan.planId(), problem.get());
        } else {
            plans.put(plan.planId(), plan);
            rejected.remove(plan.planId());
            evicted.remove(plan.planId());
            evictBeyondMax();
        }
        notifyAll();
    }

    /** Keeps the plan (once it is here) until as many {@link #unpin} calls: a command that needs it is queued. */
    public synchronized void pin(String planId) {
        pins.merge(planId, 1, Integer::sum);
    }

    public synchronized void unpin(String planId) {
        pins.computeIfPresent(planId, (id, count) -> count == 1 ? null : count - 1);
        evictBeyondMax();
    }

    /** True when the plan is kept here now. */
    public synchronized boolean holds(String planId) {
        return plans.containsKey(planId);
    }

    private void evictBeyondMax() {
        Iterator<String> oldest = plans.keySet().iterator();
        while (plans.size() > max && oldest.hasNext()) {
            String planId = oldest.next();
            if (!pins.containsKey(planId)) {
                oldest.remove();
                evicted.add(planId);
                LOGGER.debugf("plan let go planId=%s kept=%d", planId, plans.size());
            }
        }
    }

    /** Why the plan with this id was rejected, if it was. */
    public synchronized Optional<String> rejection(String planId) {
        return Optional.ofNullable(rejected.get(planId));
    }

    /**
     * The plan, waiting up to {@code timeout} for it to arrive; empty when it did not or was rejected.
     * A plan let go of is read again from the topic at once; one not received in time is looked for
     * there once more before giving up (it may have been let go of before its id could be remembered).
     */
    public Optional<PlanPublished> await(String planId, Duration timeout) throws InterruptedException {
        if (wasEvicted(planId)) {
            readAgain(planId);
        }
        Optional<PlanPublished> plan = waitFor(planId, timeout);
        if (plan.isEmpty() && rejection(planId).isEmpty()) {
            readAgain(planId);
            return waitFor(planId, Duration.ZERO);
        }
        return plan;
    }

    private synchronized boolean wasEvicted(String planId) {
        return evicted.contains(planId) && !plans.containsKey(planId);
    }

    private synchronized Optional<PlanPublished> waitFor(String planId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!plans.containsKey(planId) && !rejected.containsKey(planId)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return Optional.ofNullable(plans.get(planId));
    }

    /** Reads the plan from the topic into the cache; runs needing the same plan share one read. */
    private void readAgain(String planId) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = reading.putIfAbsent(planId, mine);
        if (running != null) {
            running.join();
            return;
        }
        try {
            Optional<PlanPublished> plan = source.read(planId);
            LOGGER.infof("plan read again from the topic planId=%s found=%s", planId, plan.isPresent());
            plan.ifPresent(this::put);
        } catch (RuntimeException e) {
            LOGGER.warnf("plan not read again planId=%s reason=%s", planId, e);
        } finally {
            reading.remove(planId, mine);
            mine.complete(null);
        }
    }
}
