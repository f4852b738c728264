package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.matrix.MatrixGroups;
import dev.flotilla.coordinator.matrix.MatrixView.MigrationCounts;
import dev.flotilla.coordinator.matrix.MatrixView.Page;
import dev.flotilla.coordinator.matrix.MatrixView.Rows;
import dev.flotilla.coordinator.matrix.MatrixView.TenantRow;
import dev.flotilla.coordinator.store.MatrixQueries;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

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

    /**
     * The rows of {@code tenants} (already selected, in order), page {@code page} of {@code size}: only
     * those whose cell of {@code behind} is not applied when it is not null. Reads the cells of the
     * page's tenants only, so a page costs the same in a fleet of any size.
     */
    public Rows rows(List<FleetTenants.Member> tenants, String behind, int page, int size) {
        List<FleetTenants.Member> matching = tenants;
        if (behind != null) {
            Set<String> applied = matrix.tenantsIn(behind, CellState.APPLIED);
            matching = tenants.stream().filter(t -> !applied.contains(t.id())).toList();
        }
        List<String> versions = matrix.versions();
        int from = (int) Math.min((long) page * size, matching.size());
        List<FleetTenants.Member> shown = matching.subList(from, Math.min(from + size, matching.size()));
        Map<String, Map<String, CellState>> states =
                matrix.statesOf(shown.stream().map(FleetTenants.Member::id).toList());
        List<TenantRow> rows = shown.stream()
                .map(t -> TenantRow.of(t.id(), t.site(), versions, states.getOrDefault(t.id(), Map.of())))
                .toList();
        return new Rows(versions, rows, matching.size());
    }

    /**
     * {@code tenants} (already selected; {@code everyTenant} when they are the whole fleet) grouped by
     * {@code key}: the value of that label ({@link #NO_GROUP} for a tenant without it), or the site for
     * {@code site}; groups sorted by name. The database counts the cells.
     */
    public List<MatrixGroups.Group> groups(List<FleetTenants.Member> tenants, String key, boolean everyTenant) {
        SortedMap<String, Integer> sizes = new TreeMap<>();
        List<String> ids = new ArrayList<>(tenants.size());
        List<String> groups = new ArrayList<>(tenants.size());
        for (FleetTenants.Member tenant : tenants) {
            String group = SITE.equals(key) ? tenant.site() : tenant.labels().getOrDefault(key, NO_GROUP);
            sizes.merge(group, 1, Integer::sum);
            ids.add(tenant.id());
            groups.add(group);
        }
        List<MatrixGroups.Count> counts = everyTenant
                ? matrix.fleetGroupCounts(SITE.equals(key), key, NO_GROUP)
                : matrix.groupCounts(ids, groups);
        return MatrixGroups.of(sizes, matrix.versions(), counts);
    }

    /** The group key that groups tenants by site rather than by a label. */
    public static final String SITE = "site";

    /** The group of a tenant without the label grouped by. */
    public static final String NO_GROUP = "(none)";

    /** The catalog's versions, in catalog order. */
    public List<String> versions() {
        return matrix.versions();
    }

    public long tenantCount() {
        return matrix.tenantCount();
    }
}
