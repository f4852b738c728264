package dev.flotilla.coordinator.matrix;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The matrix as dashboards, the CLI and the API read it: read models, shared by store and API. */
public final class MatrixView {

    private MatrixView() {}

    /**
     * One cell; {@code rollout}, {@code checksum} and {@code message} are null when there is none.
     * {@code direction} ({@code up}, {@code down}) and {@code durationMs} are those of the last step
     * run on it, and {@code agent} is the agent that ran its last run; null when unknown (a cell only
     * observed in an inventory, a failed step's duration).
     */
    public record Cell(
            String tenant,
            String version,
            CellState state,
            String checksum,
            UUID rollout,
            String message,
            Instant updatedAt,
            String direction,
            Long durationMs,
            String agent) {}

    /** A page of cells and how many match in all. */
    public record Page(List<Cell> items, long total) {}

    /**
     * One tenant's row of the matrix: the state of each migration, in the order of {@link
     * Rows#versions} ({@code PENDING} where the tenant has no cell yet).
     */
    public record TenantRow(String tenant, String site, String currentVersion, boolean dirty, List<CellState> states) {

        /**
         * The row of a tenant with these cells ({@code PENDING} where it has none): its version is the
         * last one applied in catalog order, as the tenant list says, and it is dirty when a cell is
         * dirty or has a checksum mismatch.
         */
        public static TenantRow of(String tenant, String site, List<String> versions, Map<String, CellState> cells) {
            List<CellState> states = versions.stream()
                    .map(v -> cells.getOrDefault(v, CellState.PENDING))
                    .toList();
            String current = null;
            for (int i = 0; i < versions.size(); i++) {
                if (states.get(i) == CellState.APPLIED || states.get(i) == CellState.REVERT_FAILED) {
                    current = versions.get(i);
                }
            }
            boolean dirty = states.contains(CellState.DIRTY) || states.contains(CellState.CHECKSUM_MISMATCH);
            return new TenantRow(tenant, site, current, dirty, states);
        }
    }

    /** A page of tenants' rows, the catalog's versions they follow, and how many tenants match in all. */
    public record Rows(List<String> versions, List<TenantRow> items, long total) {}

    /** One migration's counts by state, zeros included. */
    public record MigrationCounts(String version, String name, Map<CellState, Long> counts) {}
}
