package dev.flotilla.agent.apply;

import dev.flotilla.agent.tenants.TenantPools;
import dev.flotilla.agent.tenants.TenantTarget;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.Optional;

/**
 * One connection to a tenant, holding the tenant's advisory lock, with the tenant's schema first on
 * the search path. Closing it resets the path, releases the lock and returns the connection. Blocks.
 */
final class TenantSession implements AutoCloseable {

    final SqlConnection connection;
    private final TenantTarget target;

    private TenantSession(SqlConnection connection, TenantTarget target) {
        this.connection = connection;
        this.target = target;
    }

    /** The session, or empty when another agent held the tenant's lock for longer than {@code lockWait}. */
    static Optional<TenantSession> open(TenantPools pools, TenantTarget target, Duration lockWait)
            throws InterruptedException {
        SqlConnection connection =
                pools.pool(target.database()).getConnection().await().indefinitely();
        try {
            if (!TenantLock.acquire(connection, target.id(), lockWait)) {
                connection.close().await().indefinitely();
                return Optional.empty();
            }
            if (target.schema() != null) {
                connection
                        .query("set search_path to \"" + target.schema() + "\"")
                        .execute()
                        .await()
                        .indefinitely();
            }
            return Optional.of(new TenantSession(connection, target));
        } catch (InterruptedException | RuntimeException e) {
            connection.close().await().indefinitely();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            if (target.schema() != null) {
                connection.query("reset search_path").execute().await().indefinitely();
            }
            TenantLock.release(connection, target.id());
        } finally {
            connection.close().await().indefinitely();
        }
    }
}
