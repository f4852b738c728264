package dev.flotilla.coordinator.store;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.matrix.MatrixGroups;
import dev.flotilla.coordinator.matrix.MatrixView.Cell;
import dev.flotilla.coordinator.matrix.MatrixView.MigrationCounts;
import dev.flotilla.coordinator.matrix.MatrixView.Page;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Read-only views of the matrix for dashboards and the CLI. */
@ApplicationScoped
public class MatrixQueries {

    private final Db db;

    public MatrixQueries(Db db) {
        this.db = db;
    }

    /**
     * Cells matching the filters (null: any), sorted by tenant then catalog position.
     *
     * @param state null for any state
     */
    public Page page(String tenant, String version, CellState state, int page, int size) {
        String where = " where ($1::text is null or c.tenant_id = $1) and ($2::text is null or c.version = $2)"
                + " and ($3::smallint is null or c.state = $3)";
        Tuple filters = Tuple.of(tenant, version, state == null ? null : (short) state.code());
        long total = db.query("select count(*) from cells c" + where, filters)
                .iterator()
                .next()
                .getLong(0);
        List<Cell> items = new ArrayList<>();
        Tuple args = Tuple.of(tenant, version, state == null ? null : (short) state.code(), size, (long) page * size);
        for (Row row : db.query(
                "select c.tenant_id, c.version, c.state, c.checksum, c.rollout_id, c.message, c.updated_at,"
                        + " c.direction, c.duration_ms, r.agent_id from cells c join migrations m using (version)"
                        + " left join runs r on r.run_id = c.run_id" + where
                        + " order by c.tenant_id, m.position limit $4 offset $5",
                args)) {
            items.add(new Cell(
                    row.getString("tenant_id"),
                    row.getString("version"),
                    CellState.fromCode(row.getInteger("state")),
                    row.getString("checksum"),
                    row.getUUID("rollout_id"),
                    row.getString("message"),
                    Times.instant(row.getOffsetDateTime("updated_at")),
                    row.getValue("direction") == null
                            ? null
                            : Directions.of(row.getInteger("direction")).name().toLowerCase(Locale.ROOT),
                    row.getLong("duration_ms"),
                    row.getString("agent_id")));
        }
        return new Page(items, total);
    }

    /**
     * Per migration in catalog order, the number of tenants in each state (zeros included), from the
     * counts the database keeps with every cell change (V3.sql), not by counting cells.
     */
    public List<MigrationCounts> summary() {
        Map<String, MigrationCounts> byVersion = new LinkedHashMap<>();
        for (Row row : db.query("select version, name from migrations order by position", Tuple.tuple())) {
            Map<CellState, Long> counts = new EnumMap<>(CellState.class);
            for (CellState state : CellState.values()) {
                if (state != CellState.UNKNOWN) {
                    counts.put(state, 0L);
                }
            }
            byVersion.put(row.getString(0), new MigrationCounts(row.getString(0), row.getString(1), counts));
        }
        for (Row row : db.query("select version, state, cells from cell_counts where cells <> 0", Tuple.tuple())) {
            MigrationCounts counts = byVersion.get(row.getString(0));
            if (counts != null) {
                counts.counts().merge(CellState.fromCode(row.getInteger(1)), row.getLong(2), Long::sum);
            }
        }
        return List.copyOf(byVersion.values());
    }

    /** The catalog's versions, in catalog order. */
    public List<String> versions() {
        List<String> versions = new ArrayList<>();
        for (Row row : db.query("select version from migrations order by position", Tuple.tuple())) {
            versions.add(row.getString(0));
        }
        return versions;
    }

    /** The tenants whose cell of {@code version} is in {@code state}. */
    public Set<String> tenantsIn(String version, CellState state) {
        Set<String> tenants = new HashSet<>();
        for (Row row :
                db.query("select tenant_id from cells where version = $1 and state = $2", Tuple.of(version, (short)
                        state.code()))) {
            tenants.add(row.getString(0));
        }
        return tenants;
    }

    /** Every cell state of {@code tenants}, by tenant, then version. */
    public Map<String, Map<String, CellState>> statesOf(List<String> tenants) {
        Map<String, Map<String, CellState>> states = new HashMap<>();
        for (Row row : db.query(
                "select tenant_id, version, state from cells where tenant_id = any($1)",
                Tuple.of(tenants.toArray(String[]::new)))) {
            states.computeIfAbsent(row.getString(0), t -> new HashMap<>())
                    .put(row.getString(1), CellState.fromCode(row.getInteger(2)));
        }
        return states;
    }

    /**
     * Cells of {@code tenants} by the group each belongs to ({@code groups}, in the same order),
     * version and state: one aggregate the database computes over those tenants' cells.
     */
    public List<MatrixGroups.Count> groupCounts(List<String> tenants, List<String> groups) {
        List<MatrixGroups.Count> counts = new ArrayList<>();
        for (Row row : db.query(
                "select g.grp, c.version, c.state, count(*) from unnest($1::text[], $2::text[]) as g(tenant_id, grp)"
                        + " join cells c using (tenant_id) group by g.grp, c.version, c.state",
                Tuple.of(tenants.toArray(String[]::new), groups.toArray(String[]::new)))) {
            counts.add(new MatrixGroups.Count(
                    row.getString(0), row.getString(1), CellState.fromCode(row.getInteger(2)), row.getLong(3)));
        }
        return counts;
    }

    /**
     * Cells of every tenant by group, version and state, grouped by the database: the group is the
     * tenant's site when {@code bySite}, else the value of label {@code key} ({@code none} for a tenant
     * without it). One hash join over the cells, cheaper than {@link #groupCounts} for the whole fleet.
     */
    public List<MatrixGroups.Count> fleetGroupCounts(boolean bySite, String key, String none) {
        List<MatrixGroups.Count> counts = new ArrayList<>();
        String group = bySite ? "t.site" : "coalesce(" + TenantStore.LABELS + " ->> $1, $2)";
        for (Row row : db.query(
                "select " + group + ", c.version, c.state, count(*) from cells c join tenants t using (tenant_id)"
                        + " group by 1, 2, 3",
                bySite ? Tuple.tuple() : Tuple.of(key, none))) {
            counts.add(new MatrixGroups.Count(
                    row.getString(0), row.getString(1), CellState.fromCode(row.getInteger(2)), row.getLong(3)));
        }
        return counts;
    }

    public long tenantCount() {
        return db.query("select count(*) from tenants", Tuple.tuple())
                .iterator()
                .next()
                .getLong(0);
    }
}
