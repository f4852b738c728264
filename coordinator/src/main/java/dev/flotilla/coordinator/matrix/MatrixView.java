package dev.flotilla.coordinator.matrix;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The matrix as dashboards, the CLI and the API read it: read models, shared by store and API. */
public final class MatrixView {

    private MatrixView() {}

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
}
