package dev.flotilla.coordinator.api;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.matrix.MatrixView;
import dev.flotilla.coordinator.service.MatrixReads;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.Arrays;
import java.util.List;

/** The tenant × migration matrix: filtered pages of cells, and counts per migration. */
@Path("/api/matrix")
public class MatrixResource {

    /** A page of cells. */
    public record PageView(int page, int size, long total, List<MatrixView.Cell> items) {}

    /** Counts per migration. */
    public record SummaryView(long tenants, List<MatrixView.MigrationCounts> migrations) {}

    private final MatrixReads matrix;

    public MatrixResource(MatrixReads matrix) {
        this.matrix = matrix;
    }

    @GET
    public PageView page(
            @QueryParam("tenant") String tenant,
            @QueryParam("version") String version,
            @QueryParam("state") String state,
            @QueryParam("page") @DefaultValue("0") String page,
            @QueryParam("size") @DefaultValue("100") String size) {
        int pageNumber = QueryParams.integer("page", page, 0, Integer.MAX_VALUE, "page must be 0 or more");
        int pageSize = QueryParams.integer("size", size, 1, 1000, "size must be between 1 and 1000");
        MatrixView.Page result = matrix.page(tenant, version, state(state), pageNumber, pageSize);
        return new PageView(pageNumber, pageSize, result.total(), result.items());
    }

    @GET
    @Path("/summary")
    public SummaryView summary() {
        return new SummaryView(matrix.tenantCount(), matrix.summary());
    }

    private static CellState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        return Arrays.stream(CellState.values())
                .filter(s -> s != CellState.UNKNOWN && s.name().equalsIgnoreCase(state))
                .findFirst()
                .orElseThrow(() -> ApiProblem.badRequest(
                        "state",
                        "unknown state '" + state + "'; one of "
                                + Arrays.stream(CellState.values())
                                        .filter(s -> s != CellState.UNKNOWN)
                                        .toList()));
    }
}
