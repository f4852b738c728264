package dev.flotilla.coordinator.store;

import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Collection;

/**
 * Keeps a repair and a dispatch of the same tenant from passing each other: a repair holds its
 * tenant's guard exclusively, and a dispatch holds the guards of the tenants it may send runs to,
 * shared, each until its transaction ends (PostgreSQL transaction-level advisory locks, keyed by a
 * hash of the tenant id; a collision only makes one wait for the other). Whichever comes second sees
 * what the first committed: the repair a run in flight, the dispatch an open repair.
 *
 * <p>A dispatch takes its guards while it holds row locks (its rollout, the cells an event changed).
 * So a repair takes its guard first, before it reads or locks anything, and then locks no row a
 * dispatch may hold (it reads the matrix and inserts its own rows): waiting for each other never closes
 * a cycle. Several guards are taken in tenant order.
 */
public final class TenantGuard {

    /** The first half of each key ("Flot"); the second is the tenant id's hash. */
    private static final int CLASS_ID = 0x466c6f74;

    private TenantGuard() {}

    /** Holds the guards of these tenants exclusively, in tenant order, waiting for whoever holds them. */
    public static void exclusive(SqlClient tx, Collection<String> tenants) {
        lock(tx, "pg_advisory_xact_lock", tenants);
    }

    /** Holds the guards of these tenants shared, in tenant order, waiting for a repair that holds one. */
    public static void shared(SqlClient tx, Collection<String> tenants) {
        lock(tx, "pg_advisory_xact_lock_shared", tenants);
    }

    private static void lock(SqlClient tx, String function, Collection<String> tenants) {
        if (tenants.isEmpty()) {
            return;
        }
        Db.query(
                tx,
                "select count(" + function + "(" + CLASS_ID + ", hashtext(t))) from (select distinct t from"
                        + " unnest($1::text[]) as u(t) order by t) s",
                Tuple.of(tenants.toArray(String[]::new)));
    }
}
