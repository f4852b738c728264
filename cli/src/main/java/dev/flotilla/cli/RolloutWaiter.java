package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Function;

/**
 * Follows a rollout until it ends, printing a progress line whenever it changes. A coordinator
 * that stops answering for a moment (a restart, a leader change) is waited for, since the rollout
 * goes on without it; only a longer silence ends the wait.
 */
public final class RolloutWaiter {

    /** How often the rollout is read. */
    public static final Duration INTERVAL = Duration.ofMillis(500);

    /** How long the coordinator may be unreachable before the wait gives up. */
    static final Duration UNREACHABLE_LIMIT = Duration.ofSeconds(30);

    private final Function<String, JsonNode> fetch;
    private final PrintWriter out;
    private final Sleeper sleeper;

    /** Sleeps between reads; tests replace it to run without waiting. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** @param fetch reads a rollout by id; throws {@link ApiException} when that fails */
    public RolloutWaiter(Function<String, JsonNode> fetch, PrintWriter out, Sleeper sleeper) {
        this.fetch = fetch;
        this.out = out;
        this.sleeper = sleeper;
    }

    public static RolloutWaiter of(ApiClient api, PrintWriter out) {
        return new RolloutWaiter(id -> api.get("api/rollouts/" + id), out, d -> Thread.sleep(d.toMillis()));
    }

    /** Waits until the rollout ends and returns its last state. */
    public JsonNode await(String id) {
        String last = null;
        long unreachableMillis = 0;
        while (true) {
            JsonNode rollout;
            try {
                rollout = fetch.apply(id);
                unreachableMillis = 0;
            } catch (ApiException e) {
                unreachableMillis += INTERVAL.toMillis();
                if (!e.unreachable() || unreachableMillis > UNREACHABLE_LIMIT.toMillis()) {
                    throw e;
                }
                pause();
                continue;
            }
            String line = RolloutProgress.line(rollout);
            if (!line.equals(last)) {
                out.println(line);
                out.flush();
                last = line;
            }
            if (RolloutProgress.ended(rollout)) {
                return rollout;
            }
            pause();
        }
    }

    private void pause() {
        try {
            sleeper.sleep(INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting; the rollout goes on in the coordinator");
        }
    }
}
