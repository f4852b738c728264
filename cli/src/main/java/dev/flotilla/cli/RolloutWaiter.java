package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Follows a rollout until it ends (or a timeout passes, or it holds for an approval), printing a
 * progress line whenever it changes. A coordinator
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
    private final LongSupplier nanos;

    /** Sleeps between reads; tests replace it to run without waiting. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Why a wait ended. */
    public enum Stop {
        /** The rollout reached a final state. */
        ENDED,
        /** The timeout passed first; the rollout goes on. */
        TIMED_OUT,
        /** The rollout holds at a wave that needs an operator's approval, and nothing happens until then. */
        AWAITING_APPROVAL
    }

    /** The rollout as last read, and why the wait ended. */
    public record Result(JsonNode rollout, Stop stop) {}

    /**
     * @param fetch reads a rollout by id; throws {@link ApiException} when that fails
     * @param nanos a monotonic clock in nanoseconds, for the timeout
     */
    public RolloutWaiter(Function<String, JsonNode> fetch, PrintWriter out, Sleeper sleeper, LongSupplier nanos) {
        this.fetch = fetch;
        this.out = out;
        this.sleeper = sleeper;
        this.nanos = nanos;
    }

    public static RolloutWaiter of(ApiClient api, PrintWriter out) {
        return new RolloutWaiter(
                id -> api.get("api/rollouts/" + ApiClient.segment(id)),
                out,
                d -> Thread.sleep(d.toMillis()),
                System::nanoTime);
    }

    /** Waits until the rollout ends and returns its last state. */
    public JsonNode await(String id) {
        return follow(id, null, false).rollout();
    }

    /**
     * Follows the rollout, printing a line whenever its progress changes, until it ends, {@code
     * timeout} (when not null) has passed, or, with {@code stopAtApproval}, it holds for an approval.
     */
    public Result follow(String id, Duration timeout, boolean stopAtApproval) {
        long start = nanos.getAsLong();
        String last = null;
        JsonNode lastRead = null;
        Long unreachableSince = null;
        while (true) {
            JsonNode rollout;
            try {
                rollout = fetch.apply(id);
                unreachableSince = null;
            } catch (ApiException e) {
                long now = nanos.getAsLong();
                unreachableSince = unreachableSince == null ? now : unreachableSince;
                if (!e.unreachable() || Duration.ofNanos(now - unreachableSince).compareTo(UNREACHABLE_LIMIT) > 0) {
                    throw e;
                }
                if (lastRead != null && passed(start, timeout)) {
                    return new Result(lastRead, Stop.TIMED_OUT);
                }
                pause();
                continue;
            }
            lastRead = rollout;
            String line = RolloutProgress.line(rollout);
            if (!line.equals(last)) {
                out.println(line);
                out.flush();
                last = line;
            }
            if (RolloutProgress.ended(rollout)) {
                return new Result(rollout, Stop.ENDED);
            }
            if (stopAtApproval && RolloutProgress.waveAwaitingApproval(rollout).isPresent()) {
                return new Result(rollout, Stop.AWAITING_APPROVAL);
            }
            if (passed(start, timeout)) {
                return new Result(rollout, Stop.TIMED_OUT);
            }
            pause();
        }
    }

    private boolean passed(long start, Duration timeout) {
        return timeout != null && Duration.ofNanos(nanos.getAsLong() - start).compareTo(timeout) >= 0;
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
