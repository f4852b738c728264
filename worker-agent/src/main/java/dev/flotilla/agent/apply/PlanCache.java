package dev.flotilla.agent.apply;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanSignature;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
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
    private final Map<String, String> rejected = new ConcurrentHashMap<>();
    private final Optional<PublicKey> trusted;

    public PlanCache(AgentConfig config) {
        this.trusted = config.trustedPlanKey().map(PlanCache::read);
        if (trusted.isEmpty()) {
            LOGGER.warn("plans are checked by content only: set flotilla.agent.trusted-plan-key to require signatures");
        }
    }

    /** Keeps a plan whose id matches its content (and, with a trusted key, that it signed); drops and logs others. */
    public synchronized void put(PlanPublished plan) {
        Optional<String> problem = problem(plan);
        if (problem.isPresent()) {
            LOGGER.errorf("plan rejected planId=%s reason=%s", plan.planId(), problem.get());
            rejected.put(plan.planId(), problem.get());
        } else {
            plans.put(plan.planId(), plan);
            rejected.remove(plan.planId());
        }
        notifyAll();
    }

    /** Why the plan with this id was rejected, if it was. */
    public Optional<String> rejection(String planId) {
        return Optional.ofNullable(rejected.get(planId));
    }

    private Optional<String> problem(PlanPublished plan) {
        if (!plan.verified()) {
            return Optional.of("its content does not match its id");
        }
        if (trusted.isPresent() && !plan.trustedBy(trusted.get())) {
            return Optional.of(
                    plan.signature() == null
                            ? "it is unsigned and a trusted plan key is configured"
                            : "its signature is not the trusted coordinator's");
        }
        return Optional.empty();
    }

    private static PublicKey read(String file) {
        try {
            return PlanSignature.publicKey(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trusted plan key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the trusted plan key " + file + " is unusable: " + e.getMessage(), e);
        }
    }

    /** The plan, waiting up to {@code timeout} for it to arrive; empty when it did not or was rejected. */
    public synchronized Optional<PlanPublished> await(String planId, Duration timeout) throws InterruptedException {
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
}
