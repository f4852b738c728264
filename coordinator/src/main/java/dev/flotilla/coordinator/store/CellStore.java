package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.model.catalog.Version;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reads and writes cells inside the caller's transaction. */
public final class CellStore {

    private CellStore() {}

    /** What changes on a cell besides its state; null fields keep their value. */
    public record CellUpdate(String checksum, UUID rollout, UUID run, String message) {}

    /** The cell's state, locked for the rest of the transaction; empty when the cell does not exist. */
    public static Optional<CellState> lock(SqlClient tx, String tenant, String version) {
        var rows = Db.query(
                tx,
                "select state from cells where tenant_id = $1 and version = $2 for update",
                Tuple.of(tenant, version));
        return rows.rowCount() == 0
                ? Optional.empty()
                : Optional.of(CellState.fromCode(rows.iterator().next().getInteger(0)));
    }

    public static void update(
            SqlClient tx, String tenant, String version, CellState state, CellUpdate update, Instant at) {
        Db.query(
                tx,
                "update cells set state = $3, checksum = coalesce($4, checksum), rollout_id = coalesce($5, rollout_id),"
                        + " run_id = coalesce($6, run_id), message = $7, updated_at = $8"
                        + " where tenant_id = $1 and version = $2",
                Tuple.from(new Object[] {
                    tenant,
                    version,
                    state.code(),
                    update.checksum(),
                    update.rollout(),
                    update.run(),
                    update.message(),
                    Times.utc(at)
                }));
    }

    /** The states of a tenant's cells, by version. */
    public static Map<Version, CellState> states(SqlClient tx, String tenant) {
        Map<Version, CellState> states = new HashMap<>();
        for (Row row : Db.query(tx, "select version, state from cells where tenant_id = $1", Tuple.of(tenant))) {
            states.put(Version.of(row.getString(0)), CellState.fromCode(row.getInteger(1)));
        }
        return states;
    }

    /** The applied versions of each of the given tenants (every tenant has an entry). */
    public static Map<String, Set<Version>> applied(SqlClient tx, List<String> tenants) {
        Map<String, Set<Version>> applied = new HashMap<>();
        tenants.forEach(t -> applied.put(t, new HashSet<>()));
        for (Row row : Db.query(
                tx,
                "select tenant_id, version from cells where state = $1 and tenant_id = any($2)",
                Tuple.of(CellState.APPLIED.code(), tenants.toArray(String[]::new)))) {
            applied.get(row.getString(0)).add(Version.of(row.getString(1)));
        }
        return applied;
    }

    /**
     * Of the given tenants, those with a dirty or checksum-mismatched cell, each with a sentence naming
     * the migrations that need a repair before the tenant may take steps.
     */
    public static Map<String, String> needingRepair(SqlClient tx, List<String> tenants) {
        Map<String, String> reasons = new HashMap<>();
        for (Row row : Db.query(
                tx,
                "select tenant_id, string_agg(version || ' is ' || case state when $3 then 'dirty'"
                        + " else 'applied with another checksum' end, ', ' order by version)"
                        + " from cells where tenant_id = any($1) and state = any($2) group by tenant_id",
                Tuple.of(
                        tenants.toArray(String[]::new),
                        new Integer[] {CellState.DIRTY.code(), CellState.CHECKSUM_MISMATCH.code()},
                        CellState.DIRTY.code()))) {
            reasons.put(row.getString(0), "needs a repair before it can be migrated: " + row.getString(1));
        }
        return reasons;
    }
}
