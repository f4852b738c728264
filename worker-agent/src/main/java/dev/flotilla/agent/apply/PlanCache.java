package dev.flotilla.agent.apply;

import dev.flotilla.model.wire.PlanPublished;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Plans received on {@code flotilla.plans}, by id. A run may arrive before its plan (they travel on
 * different topics), so runs wait for it.
 */
@ApplicationScoped
public class PlanCache {

    private static final Logger LOGGER = Logger.getLogger(PlanCache.class);

    private final Map<String, PlanPublished> plans = new ConcurrentHashMap<>();

    /** Keeps a plan whose id matches its content; drops and logs one that does not. */
    public synchronized void put(PlanPublished plan) {
        if (!plan.verified()) {
            LOGGER.errorf("plan rejected planId=%s reason=content does not match its id", plan.planId());
            return;
        }
        plans.put(plan.planId(), plan);
        notifyAll();
    }

    /** The plan, waiting up to {@code timeout} for it to arrive; empty when it did not. */
    public synchronized Optional<PlanPublished> await(String planId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!plans.containsKey(planId)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return Optional.of(plans.get(planId));
    }
}
