package dev.flotilla.coordinator.store;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * The coordinator's PostgreSQL, through the Vert.x reactive client, used from worker threads in a
 * blocking style so the rollout logic reads top to bottom (see docs/adr/001). Never call it from an
 * event-loop thread.
 */
@ApplicationScoped
public class Db {

    private final Pool pool;

    public Db(Pool pool) {
        this.pool = pool;
    }

    /** Runs {@code work} in one transaction: all of it commits, or none of it does. */
    public <T> T inTransaction(Function<SqlConnection, T> work) {
        SqlConnection connection = pool.getConnection().await().indefinitely();
        try {
            return inTransaction(connection, work);
        } finally {
            connection.close().await().indefinitely();
        }
    }

    /** Runs {@code work} in one transaction on a connection the caller holds (and keeps open). */
    public static <T> T inTransaction(SqlConnection connection, Function<SqlConnection, T> work) {
        Transaction tx = connection.begin().await().indefinitely();
        try {
            T result = work.apply(connection);
            tx.commit().await().indefinitely();
            return result;
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            throw e;
        }
    }

    /**
     * Like {@link #inTransaction}, but runs {@code work} again, up to {@code attempts} times in all, when
     * PostgreSQL rolled the transaction back to break a deadlock or a serialization conflict (SQLSTATE
     * class 40): for requests that lock rows in another order than the event folder does.
     */
    public <T> T inTransactionRetrying(int attempts, Function<SqlConnection, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(work);
            } catch (RuntimeException e) {
                if (attempt >= attempts || !rolledBack(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean rolledBack(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return pg.getSqlState() != null && pg.getSqlState().startsWith("40");
            }
        }
        return false;
    }

    /** One statement outside any explicit transaction. */
    public RowSet<Row> query(String sql, Tuple args) {
        return query(pool, sql, args);
    }

    /** Whether the database answers a trivial query now. */
    public boolean reachable() {
        try {
            query("select 1", Tuple.tuple());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static RowSet<Row> query(SqlClient client, String sql, Tuple args) {
        return client.preparedQuery(sql).execute(args).await().indefinitely();
    }

    private static void rollbackQuietly(Transaction tx) {
        try {
            tx.rollback().await().indefinitely();
        } catch (RuntimeException alreadyRolledBack) {
            // a failed statement already rolled the transaction back
        }
    }
}
