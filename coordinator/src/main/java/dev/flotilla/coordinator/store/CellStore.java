package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.Collection;
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

    /**
     * What changes on a cell besides its state; null fields keep their value.
     *
     * @param appliedBy the rollout whose up step just applied the migration; null otherwise. The cell
     *     keeps it while the migration stays applied and forgets it when the cell goes back to not
     *     applied (pending or failed)
     * @param direction the direction of the step that just started, ran or failed on the cell; null when
     *     none did (the cell keeps its last step's direction and duration)
     * @param durationMs how long that step took, when it succeeded; null otherwise (and while it runs)
     */
    public record CellUpdate(
            String checksum,
            UUID rollout,
            UUID run,
            String message,
            UUID appliedBy,
            Direction direction,
            Long durationMs) {

        public CellUpdate(String checksum, UUID rollout, UUID run, String message) {
            this(checksum, rollout, run, message, null);
        }

        public CellUpdate(String checksum, UUID rollout, UUID run, String message, UUID appliedBy) {
            this(checksum, rollout, run, message, appliedBy, null, null);
        }

        /** This update, from a step that ran in {@code direction} and took {@code durationMs} (null when it failed). */
        public CellUpdate ranStep(Direction direction, Long durationMs) {
            return new CellUpdate(checksum, rollout, run, message, appliedBy, direction, durationMs);
        }

        /** This update with another applier. */
        public CellUpdate appliedBy(UUID by) {
            return new CellUpdate(checksum, rollout, run, message, by, direction, durationMs);
        }
    }

    /**
     * {@code applied_by}'s new value, in SQL: null when the new {@code state} is not applied for sure,
     * else the applier {@code by} when there is one, else the cell's {@code current} value.
     */
    private static String appliedBy(String state, String by, String current) {
        return "case when " + state + " in (" + CellState.PENDING.code() + ", " + CellState.FAILED.code()
                + ") then null else coalesce(" + by + ", " + current + ") end";
    }

    /** The cell's state, locked for the rest of the transaction; empty when the cell does not exist. */
    public static Optional<CellState> lock(SqlClient tx, String tenant, Version version) {
        var rows = Db.query(
                tx,
                "select state from cells where tenant_id = $1 and version = $2 for update",
                Tuple.of(tenant, version.text()));
        return rows.rowCount() == 0
                ? Optional.empty()
                : Optional.of(CellState.fromCode(rows.iterator().next().getInteger(0)));
    }

    public static void update(
            SqlClient tx, String tenant, Version version, CellState state, CellUpdate update, Instant at) {
        Db.query(
                tx,
                "update cells set state = $3, checksum = coalesce($4, checksum), rollout_id = coalesce($5, rollout_id),"
                        + " run_id = coalesce($6, run_id), message = $7, updated_at = $8, applied_by = "
                        + appliedBy("$3::smallint", "$9::uuid", "applied_by")
                        + " where tenant_id = $1 and version = $2",
                Tuple.from(new Object[] {
                    tenant,
                    version.text(),
                    state.code(),
                    update.checksum(),
                    update.rollout(),
                    update.run(),
                    update.message(),
                    Times.utc(at),
                    update.appliedBy()
                }));
    }

    /** The state of each of the tenant's cells, by version. */
    public static Map<Version, CellState> statesOf(SqlClient tx, String tenant) {
        Map<Version, CellState> states = new HashMap<>();
        for (Row row : Db.query(tx, "select version, state from cells where tenant_id = $1", Tuple.of(tenant))) {
            states.put(Version.of(row.getString(0)), CellState.fromCode(row.getInteger(1)));
        }
        return states;
    }

    /**
     * Per tenant, the versions a rollout applied that are still applied (tenants without any are absent),
     * of the given tenants, or of all when {@code tenants} is null.
     */
    public static Map<String, Set<Version>> appliedBy(SqlClient tx, UUID rollout, List<String> tenants) {
        Map<String, Set<Version>> applied = new HashMap<>();
        for (Row row : Db.query(
                tx,
                "select tenant_id, version from cells where applied_by = $1 and state = any($2)"
                        + " and ($3::text[] is null or tenant_id = any($3))",
                Tuple.of(rollout, CellState.appliedCodes(), tenants == null ? null : tenants.toArray(String[]::new)))) {
            applied.computeIfAbsent(row.getString(0), t -> new HashSet<>()).add(Version.of(row.getString(1)));
        }
        return applied;
    }

    /** The applied versions of each of the given tenants (every tenant has an entry). */
    public static Map<String, Set<Version>> applied(SqlClient tx, List<String> tenants) {
        Map<String, Set<Version>> applied = new HashMap<>();
        tenants.forEach(t -> applied.put(t, new HashSet<>()));
        for (Row row : Db.query(
                tx,
                "select tenant_id, version from cells where state = any($1) and tenant_id = any($2)",
                Tuple.of(CellState.appliedCodes(), tenants.toArray(String[]::new)))) {
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

    /** One cell by its key; {@code version} spelled as the catalog spells it, as the cells table does. */
    public record CellKey(String tenant, Version version) {}

    /** A cell's new state and fields, for {@link #updateAll}; null fields keep their value, as in {@link #update}. */
    public record CellChange(CellKey key, CellState state, CellUpdate update) {}

    /** The states of the given cells, locked for the rest of the transaction (in key order); missing cells are absent. */
    public static Map<CellKey, CellState> lockAll(SqlClient tx, Collection<CellKey> keys) {
        Map<CellKey, CellState> states = new HashMap<>();
        if (keys.isEmpty()) {
            return states;
        }
        for (Row row : Db.query(
                tx,
                "select tenant_id, version, state from cells"
                        + " where (tenant_id, version) in (select * from unnest($1::text[], $2::text[]))"
                        + " order by tenant_id, version for update",
                Tuple.of(
                        keys.stream().map(CellKey::tenant).toArray(String[]::new),
                        keys.stream().map(k -> k.version().text()).toArray(String[]::new)))) {
            states.put(
                    new CellKey(row.getString(0), Version.of(row.getString(1))), CellState.fromCode(row.getInteger(2)));
        }
        return states;
    }

    /** Writes many cells' changes in one statement. */
    public static void updateAll(SqlClient tx, Collection<CellChange> changes, Instant at) {
        if (changes.isEmpty()) {
            return;
        }
        List<CellChange> list = List.copyOf(changes);
        Db.query(
                tx,
                "update cells c set state = u.state, checksum = coalesce(u.checksum, c.checksum),"
                        + " rollout_id = coalesce(u.rollout, c.rollout_id), run_id = coalesce(u.run, c.run_id),"
                        + " message = u.message, updated_at = $8, applied_by = "
                        + appliedBy("u.state", "u.applied_by", "c.applied_by")
                        + ", direction = coalesce(u.direction, c.direction),"
                        + " duration_ms = case when u.direction is null then c.duration_ms else u.duration_ms end"
                        + " from unnest($1::text[], $2::text[], $3::smallint[], $4::text[], $5::uuid[], $6::uuid[],"
                        + " $7::text[], $9::uuid[], $10::smallint[], $11::bigint[]) as u(tenant_id, version, state,"
                        + " checksum, rollout, run, message, applied_by, direction, duration_ms)"
                        + " where c.tenant_id = u.tenant_id and c.version = u.version",
                Tuple.from(new Object[] {
                    list.stream().map(c -> c.key().tenant()).toArray(String[]::new),
                    list.stream().map(c -> c.key().version().text()).toArray(String[]::new),
                    list.stream().map(c -> c.state().code()).toArray(Integer[]::new),
                    list.stream().map(c -> c.update().checksum()).toArray(String[]::new),
                    list.stream().map(c -> c.update().rollout()).toArray(UUID[]::new),
                    list.stream().map(c -> c.update().run()).toArray(UUID[]::new),
                    list.stream().map(c -> c.update().message()).toArray(String[]::new),
                    Times.utc(at),
                    list.stream().map(c -> c.update().appliedBy()).toArray(UUID[]::new),
                    list.stream()
                            .map(c -> c.update().direction() == null
                                    ? null
                                    : Directions.code(c.update().direction()))
                            .toArray(Short[]::new),
                    list.stream().map(c -> c.update().durationMs()).toArray(Long[]::new)
                }));
    }
}
