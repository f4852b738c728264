package dev.flotilla.coordinator.store;

import dev.flotilla.model.catalog.Catalog;
import dev.flotilla.model.catalog.Migration;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The catalog as the matrix sees it: one row per migration, and a cell per tenant and migration. */
@ApplicationScoped
public class CatalogStore {

    /**
     * The transaction-level advisory lock a sync holds, so coordinators starting together sync one
     * after the other: each would otherwise delete only the rows it sees and insert the same versions,
     * and the second insert fails on the first's rows once that commits.
     */
    public static final long SYNC_LOCK_KEY = 0x466c6f74696c6c63L;

    private final Db db;
    private final DatabaseClock time;

    public CatalogStore(Db db, DatabaseClock time) {
        this.db = db;
        this.time = time;
    }

    /**
     * Replaces the stored catalog and adds the cells new migrations need, in one transaction, after any
     * other coordinator's sync that is in flight ({@link #SYNC_LOCK_KEY}).
     */
    public void sync(Catalog catalog) {
        db.inTransaction(tx -> {
            Db.query(tx, "select pg_advisory_xact_lock($1)", Tuple.of(SYNC_LOCK_KEY));
            Instant now = time.now(tx);
            Db.query(tx, "delete from migrations", Tuple.tuple());
            int position = 1;
            for (Migration m : catalog.migrations()) {
                Db.query(
                        tx,
                        "insert into migrations (version, position, name, checksum, transactional, reversible)"
                                + " values ($1, $2, $3, $4, $5, $6)",
                        Tuple.from(new Object[] {
                            m.version().text(),
                            position++,
                            m.name(),
                            m.checksum(),
                            m.up().directives().transactional(),
                            m.down().isPresent()
                        }));
            }
            addMissingCells(tx, null, now);
            return null;
        });
    }

    /**
     * Adds a {@code PENDING} cell for every (tenant, migration) pair that has none; only for {@code
     * tenant} when not null.
     */
    public static void addMissingCells(SqlClient tx, String tenant, Instant now) {
        Db.query(
                tx,
                "insert into cells (tenant_id, version, state, updated_at)"
                        + " select t.tenant_id, m.version, 0, $1 from tenants t cross join migrations m"
                        + " where ($2::text is null or t.tenant_id = $2)"
                        + " on conflict do nothing",
                Tuple.of(Times.utc(now), tenant));
    }
}
