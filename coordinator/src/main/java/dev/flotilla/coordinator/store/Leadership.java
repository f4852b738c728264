package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.BackgroundLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Decides which of several coordinators sharing one database leads: the one whose dedicated
 * connection holds a session-level advisory lock. Only the leader relays the outbox (two relays
 * would interleave one tenant's commands) and supervises quiet runs; any coordinator may serve the
 * API and fold events, which are transactional and idempotent. When the leader's connection dies,
 * PostgreSQL releases the lock and another coordinator takes over at its next check.
 */
@ApplicationScoped
public class Leadership {

    private static final Logger LOGGER = Logger.getLogger(Leadership.class);
    private static final long LOCK_KEY = 0x466c6f74696c6c62L;

    private final Pool pool;
    private final Duration checkInterval;
    private final BackgroundLoop loop = new BackgroundLoop("leadership");
    private volatile SqlConnection held;
    /** The epoch this coordinator raised when it took the lead; 0 while it does not lead. */
    private volatile long epoch;

    public Leadership(Pool pool, @ConfigProperty(name = "flotilla.leader.check-interval") Duration checkInterval) {
        this.pool = pool;
        this.checkInterval = checkInterval;
    }

    void onStart(@Observes StartupEvent event) {
        loop.start(() -> {
            check();
            return checkInterval;
        });
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        loop.stop();
        resign();
    }

    /**
     * Runs {@code work} on the connection that holds the lock, so work that must only happen on the
     * leader fails instead of running when the lock's session is gone; empty when this coordinator does
     * not lead. A failure of the work gives leadership up (it is taken again at the next check if the
     * lock is still free).
     */
    public synchronized <T> Optional<T> whileLeading(Function<SqlConnection, T> work) {
        if (held == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(work.apply(held));
        } catch (RuntimeException e) {
            resign();
            throw e;
        }
    }

    /**
     * The fencing epoch of this coordinator's leadership, raised in the database each time a
     * coordinator takes the lead; 0 when it does not lead.
     */
    public long epoch() {
        return epoch;
    }

    /** Whether this coordinator held the lock at its last check. */
    public boolean isLeader() {
        return held != null;
    }

    /** Takes the lock if it is free, or checks that the connection holding it is still alive. */
    public synchronized boolean check() {
        if (held != null) {
            try {
                held.query("select 1").execute().await().atMost(checkInterval.multipliedBy(2));
                return true;
            } catch (RuntimeException e) {
                LOGGER.warnf("leadership lost reason=%s", e.getMessage());
                resign();
                return false;
            }
        }
        SqlConnection connection = pool.getConnection().await().indefinitely();
        try {
            boolean acquired = connection
                    .query("select pg_try_advisory_lock(" + LOCK_KEY + ")")
                    .execute()
                    .await()
                    .atMost(checkInterval.multipliedBy(2))
                    .iterator()
                    .next()
                    .getBoolean(0);
            if (!acquired) {
                connection.close().await().indefinitely();
                return false;
            }
            // Raised on the lock's own connection: only the coordinator holding the lock raises it.
            epoch = connection
                    .query("update leader_epoch set epoch = epoch + 1 returning epoch")
                    .execute()
                    .await()
                    .atMost(checkInterval.multipliedBy(2))
                    .iterator()
                    .next()
                    .getLong(0);
            held = connection;
            LOGGER.infof("leadership taken epoch=%d", epoch);
            return true;
        } catch (RuntimeException e) {
            // A pooled connection outlives close(): give the lock back first, or the session keeps it
            // (and no coordinator leads) until the pool retires the connection.
            unlockQuietly(connection);
            connection.close().await().indefinitely();
            throw e;
        }
    }

    /** Gives the lock up and returns its connection. */
    public synchronized void resign() {
        SqlConnection connection = held;
        held = null;
        epoch = 0;
        if (connection != null) {
            unlockQuietly(connection);
            connection.close().await().indefinitely();
        }
    }

    private void unlockQuietly(SqlConnection connection) {
        try {
            connection
                    .query("select pg_advisory_unlock(" + LOCK_KEY + ")")
                    .execute()
                    .await()
                    .atMost(checkInterval);
        } catch (RuntimeException alreadyGone) {
            LOGGER.debugf("unlock skipped reason=%s", alreadyGone.getMessage());
        }
    }
}
