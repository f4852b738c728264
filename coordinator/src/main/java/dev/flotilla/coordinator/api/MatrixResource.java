package dev.flotilla.coordinator.api;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.matrix.MatrixView;
import dev.flotilla.coordinator.service.FleetTenants;
import dev.flotilla.coordinator.service.MatrixReads;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.Arrays;
import java.util.List;

/** The tenant × migration matrix: filtered pages of cells, pages of tenants' rows, and counts per migration. */
@Path("/api/matrix")
@RolesAllowed("viewer")
public class MatrixResource {

    /** A page of cells. */
    public record PageView(int page, int size, long total, List<MatrixView.Cell> items) {}

    /** Counts per migration. */
    public record SummaryView(long tenants, List<MatrixView.MigrationCounts> migrations) {}

    /**
     * A page of tenants' rows: {@code versions} in catalog order, each item's {@code states} in that
     * order; {@code behind} is the version a tenant's row was kept for not having applied, or null.
     */
    public record RowsView(
            List<String> versions, String behind, int page, int size, long total, List<MatrixView.TenantRow> items) {}

    /** Which page, of how many items: {@code page} from 0, {@code size} 1–1000; else a 400 naming it. */
    private record Paging(int page, int size) {
        static Paging of(String page, String size) {
            return new Paging(
                    QueryParams.integer("page", page, 0, Integer.MAX_VALUE, "page must be 0 or more"),
                    QueryParams.integer("size", size, 1, 1000, "size must be between 1 and 1000"));
        }
    }

    private final MatrixReads matrix;
    private final FleetTenants tenants;

    public MatrixResource(MatrixReads matrix, FleetTenants tenants) {
        this.matrix = matrix;
        this.tenants = tenants;
    }

    /**
     * The matrix by tenant, a page at a time: each tenant a selector picks (all without one), with the
     * state of every migration; with {@code behind} (a version, or {@code latest}) only the tenants
     * that have not applied it.
     */
    @GET
    @Path("/rows")
    public RowsView rows(
            @QueryParam("select") String select,
            @QueryParam("behind") String behind,
            @QueryParam("page") @DefaultValue("0") String page,
            @QueryParam("size") @DefaultValue("100") String size) {
        Paging paging = Paging.of(page, size);
        String version = behind == null || behind.isBlank() ? null : behindVersion(behind.strip());
        MatrixView.Rows rows =
                matrix.rows(CatalogResources.members(tenants, select), version, paging.page(), paging.size());
        return new RowsView(rows.versions(), version, paging.page(), paging.size(), rows.total(), rows.items());
    }

    /** The catalog version {@code behind} names ({@code latest}: the last one), or a 400 naming it. */
    public String behindVersion(String behind) {
        List<String> versions = matrix.versions();
        if (behind.equalsIgnoreCase("latest")) {
            if (versions.isEmpty()) {
                throw ApiProblem.badRequest("behind", "the catalog is empty: no version is the latest");
            }
            return versions.getLast();
        }
        if (!versions.contains(behind)) {
            throw ApiProblem.badRequest(
                    "behind", "behind must be a version of the catalog or latest, got '" + behind + "'");
        }
        return behind;
    }

    @GET
    public PageView page(
            @QueryParam("tenant") String tenant,
            @QueryParam("version") String version,
            @QueryParam("state") String state,
            @QueryParam("page") @DefaultValue("0") String page,
            @QueryParam("size") @DefaultValue("100") String size) {
        Paging paging = Paging.of(page, size);
        MatrixView.Page result = matrix.page(tenant, version, state(state), paging.page(), paging.size());
        return new PageView(paging.page(), paging.size(), result.total(), result.items());
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
