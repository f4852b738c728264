package dev.flotilla.bench.contenders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one task per tenant on a fixed pool of threads and times the whole, as a shell loop with -P would. */
final class Parallel {

    /** The work for one tenant. */
    @FunctionalInterface
    interface TenantTask {
        void run(String tenant) throws Exception;
    }

    private Parallel() {}

    static Duration forEach(List<String> tenants, int threads, TenantTask task) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (String tenant : tenants) {
                futures.add(pool.submit(() -> {
                    task.run(tenant);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }
}
