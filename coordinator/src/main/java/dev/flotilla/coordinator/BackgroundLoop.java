package dev.flotilla.coordinator;

import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A daemon thread that repeats one round of work until stopped. A round that throws is logged and
 * retried after a second: background work must outlive a database or broker outage. Only for work the
 * Quarkus scheduler does not fit (the outbox relay, woken within milliseconds; leadership, whose lock
 * is given up after its last check): periodic rounds are {@code @Scheduled} (docs/adr/007).
 */
public final class BackgroundLoop {

    private static final Logger LOGGER = Logger.getLogger(BackgroundLoop.class);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    /** One round of work; returns how long to pause before the next one. */
    @FunctionalInterface
    public interface Round {
        Duration run() throws InterruptedException;
    }

    private final String name;
    private volatile boolean running;
    private Thread thread;

    public BackgroundLoop(String name) {
        this.name = name;
    }

    public synchronized void start(Round round) {
        if (thread != null) {
            throw new IllegalStateException(name + " is already running");
        }
        running = true;
        thread = Thread.ofPlatform().name(name).daemon().start(() -> loop(round));
    }

    /** Stops after the current round, interrupting a pause or a blocking wait. */
    public synchronized void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
            thread = null;
        }
    }

    private void loop(Round round) {
        while (running) {
            try {
                Thread.sleep(round.run().toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOGGER.errorf(e, "%s failed, retrying", name);
                try {
                    Thread.sleep(AFTER_FAILURE.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
