package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.store.MatrixQueries;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tenant × migration matrix as dashboards and the CLI read it. The REST resources read it here,
 * not from {@code store}, so the API depends on the services only and the rows can change shape
 * without changing what the API answers.
 */
@ApplicationScoped
public class MatrixReads {

    /** One cell; {@code rollout}, {@code checksum} and {@code message} are null when there is none. */
    public record Cell(
            String tenant,
            String version,
            CellState state,
            String checksum,
            UUID rollout,
            String message,
            Instant updatedAt) {}

    /** A page of cells and how many match in all. */
    public record Page(List<Cell> items, long total) {}

    /** One migration's counts by state, zeros included. */
    public record MigrationCounts(String version, String name, Map<CellState, Long> counts) {}

    private final MatrixQueries matrix;

    public MatrixReads(MatrixQueries matrix) {
        this.matrix = matrix;
    }

    /**
     * Cells matching the filters, sorted by tenant then catalog position.
     *
     * @param tenant null for any tenant
     * @param version null for any version
     * @param state null for any state
     */
    public Page page(String tenant, String version, CellState state, int page, int size) {
        MatrixQueries.Page found = matrix.page(tenant, version, state, page, size);
        List<Cell> cells = found.items().stream()
                .map(c -> new Cell(
                        c.tenant(), c.version(), c.state(), c.checksum(), c.rollout(), c.message(), c.updatedAt()))
                .toList();
        return new Page(cells, found.total());
    }

    /** Per migration in catalog order, the number of tenants in each state. */
    public List<MigrationCounts> summary() {
        return matrix.summary().stream()
                .map(m -> new MigrationCounts(m.version(), m.name(), m.counts()))
                .toList();
    }

    public long tenantCount() {
        return matrix.tenantCount();
    }
}
