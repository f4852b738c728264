package dev.flotilla.agent.tenants;

import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.Set;

/**
 * Which failures to reach a tenant database may pass, and how long to wait before the next attempt.
 * A network failure, a server starting up or shutting down, or one out of connections is retried;
 * a refusal that will not change by waiting (wrong password, missing database) is not. Pure.
 */
public record ConnectRetry(int attempts, Duration backoff) {

    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    /** SQLSTATEs of a server that may accept the connection a little later. */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "57P03", // cannot_connect_now: starting up or in recovery
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "53300", // too_many_connections
            "08000", "08001", "08004", "08006");

    public ConnectRetry {
        if (attempts < 1) {
            throw new IllegalArgumentException(
                    "flotilla.agent.tenant-connect.attempts must be at least 1, was " + attempts);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException(
                    "flotilla.agent.tenant-connect.backoff must not be negative, was " + backoff);
        }
    }

    /** True when waiting may help: the server was not reached, or asked to be tried again. */
    public static boolean transientFailure(Throwable failure) {
        if (failure instanceof PgException pg) {
            return pg.getSqlState() != null && TRANSIENT_STATES.contains(pg.getSqlState());
        }
        return true;
    }

    /** The wait after failed attempt {@code attempt} (1-based): the backoff, doubled each time, capped. */
    public Duration waitAfter(int attempt) {
        Duration wait = backoff;
        for (int i = 1; i < attempt && wait.compareTo(LONGEST_WAIT) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }
}
