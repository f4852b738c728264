package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.matrix.MatrixView.MigrationCounts;
import dev.flotilla.coordinator.matrix.MatrixView.Page;
import dev.flotilla.coordinator.store.MatrixQueries;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The tenant × migration matrix as dashboards and the CLI read it ({@link
 * dev.flotilla.coordinator.matrix.MatrixView}). The REST resources read it here, not from {@code
 * store}, so the API depends on the services only.
 */
@ApplicationScoped
public class MatrixReads {

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
        return matrix.page(tenant, version, state, page, size);
    }

    /** Per migration in catalog order, the number of tenants in each state. */
    public List<MigrationCounts> summary() {
        return matrix.summary();
    }

    public long tenantCount() {
        return matrix.tenantCount();
    }
}
