package dev.flotilla.agent.apply;

import dev.flotilla.agent.AgentConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs work for many tenants at once, at most {@code capacity} at a time, while keeping the work of
 * one tenant in arrival order (commands for a tenant share a Kafka key, and their order matters).
 */
@ApplicationScoped
public class TenantWorkQueue {

    private static final Logger LOGGER = Logger.getLogger(TenantWorkQueue.class);

    /** Work that may block or be interrupted. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private final ExecutorService pool;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    @Inject
    public TenantWorkQueue(AgentConfig config) {
        this(config.capacity());
    }

    TenantWorkQueue(int capacity) {
        this.pool = Executors.newFixedThreadPool(
                capacity, Thread.ofPlatform().name("tenant-worker-", 0).factory());
    }

    /**
     * Queues work behind the tenant's earlier work. The future completes when it has run, and
     * exceptionally when it failed or was interrupted (the agent is stopping): whoever waits on it must
     * not take unfinished work for done. Later work for the tenant runs either way.
     */
    public CompletableFuture<Void> submit(String tenant, Work work) {
        return tails.compute(tenant, (key, tail) -> {
            CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            return previous.handle((ignored, error) -> null).thenRunAsync(() -> runLogged(tenant, work), pool);
        });
    }

    private static void runLogged(String tenant, Work work) {
        // A thread inherits the logging context (MDC) of the one that made it, which may have been
        // doing another tenant's work: each work starts without it and sets its own.
        MDC.clear();
        try {
            work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOGGER.warnf("work interrupted tenant=%s", tenant);
            throw new CompletionException(e);
        } catch (EventNotSentException e) {
            LOGGER.errorf("work unreported tenant=%s reason=%s", tenant, e.getMessage());
            throw e;
        } catch (Exception e) {
            LOGGER.errorf(e, "work failed tenant=%s", tenant);
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }
}
