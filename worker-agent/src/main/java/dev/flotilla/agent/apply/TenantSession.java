package dev.flotilla.agent.apply;

import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.agent.tenants.TenantConnector;
import dev.flotilla.agent.tenants.TenantTarget;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.Optional;

/**
 * One connection to a tenant, holding the tenant's advisory lock, with the tenant's schema first on
 * the search path. Closing it resets the path, releases the lock and returns the connection. Blocks.
 */
final class TenantSession implements AutoCloseable {

    final SqlConnection connection;
    /**
     * The session's backend, as the server names it ({@code pg_backend_pid()}), for a cancel sent on
     * another connection. Asked of the server, not taken from the connection's start-up: a pooler in
     * between hands out keys of its own.
     */
    final int backendPid;

    private final TenantTarget target;

    private TenantSession(SqlConnection connection, int backendPid, TenantTarget target) {
        this.connection = connection;
        this.backendPid = backendPid;
        this.target = target;
    }

    /**
     * The session, or empty when another agent held the tenant's lock for longer than {@code lockWait}.
     *
     * @throws dev.flotilla.agent.tenants.TenantUnreachableException when the database cannot be reached
     */
    static Optional<TenantSession> open(TenantConnector connector, TenantTarget target, Duration lockWait)
            throws InterruptedException {
        // The schema is checked against the allow-list before it goes into any statement.
        String schema = target.schema() == null ? null : HistoryTable.checked(target.schema());
        SqlConnection connection = connector.connect(target);
        boolean locked = false;
        try {
            locked = TenantLock.acquire(connection, target.id(), lockWait);
            if (!locked) {
                connection.close().await().indefinitely();
                return Optional.empty();
            }
            // One round trip: the backend's pid and, for a schema tenant, its search path (session-wide).
            int pid = (schema == null
                            ? connection.query("select pg_backend_pid()").execute()
                            : connection
                                    .preparedQuery("select pg_backend_pid(), set_config('search_path', $1, false)")
                                    .execute(Tuple.of("\"" + schema + "\"")))
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getInteger(0);
            return Optional.of(new TenantSession(connection, pid, target));
        } catch (InterruptedException | RuntimeException e) {
            release(connection, target, locked);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            if (target.schema() != null) {
                connection.query("reset search_path").execute().await().indefinitely();
            }
        } finally {
            release(connection, target, true);
        }
    }

    /** Releases the lock (when held) and returns the connection, whatever fails on the way. */
    private static void release(SqlConnection connection, TenantTarget target, boolean locked) {
        try {
            if (locked) {
                TenantLock.release(connection, target.id());
            }
        } finally {
            connection.close().await().indefinitely();
        }
    }
}
