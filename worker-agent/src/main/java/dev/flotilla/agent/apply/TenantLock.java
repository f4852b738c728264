package dev.flotilla.agent.apply;

import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;

/**
 * A session-level PostgreSQL advisory lock per tenant, so only one agent acts on a tenant at a time
 * even when a rebalance hands its commands to another agent mid-run. Released when the connection
 * closes, so a crashed agent never holds it.
 */
final class TenantLock {

    private static final String KEY = "hashtextextended('flotilla.tenant:' || $1, 0)";

    private TenantLock() {}

    /** Tries until {@code wait} has passed; true when the lock is held. */
    static boolean acquire(SqlConnection connection, String tenant, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            boolean locked = connection
                    .preparedQuery("select pg_try_advisory_lock(" + KEY + ")")
                    .execute(Tuple.of(tenant))
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getBoolean(0);
            if (locked) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
    }

    static void release(SqlConnection connection, String tenant) {
        connection
                .preparedQuery("select pg_advisory_unlock(" + KEY + ")")
                .execute(Tuple.of(tenant))
                .await()
                .indefinitely();
    }
}
