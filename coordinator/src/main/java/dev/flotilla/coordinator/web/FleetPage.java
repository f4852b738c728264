package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.api.MatrixResource;
import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.matrix.MatrixGroups;
import dev.flotilla.coordinator.matrix.MatrixView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fleet page: counts per migration and state, the matrix by group (a label or the site), and a
 * page of tenants' rows, all for the tenants a selector picks (all without one), optionally only
 * those behind a version. Built from what the API answers; a page never holds more than one page of
 * tenants' cells.
 *
 * @param query what was asked
 * @param error why the query was refused (a bad selector, an unknown version); null when it was not
 * @param latestRelease the version the latest release takes tenants up to; null without releases
 */
public record FleetPage(
        FleetQuery query,
        String error,
        String latestRelease,
        long fleetTenants,
        List<String> versions,
        List<Summary> summary,
        List<GroupLine> groups,
        int groupsHidden,
        List<TenantLine> rows,
        long matching,
        String previous,
        String next,
        List<Legend> legend) {

    /** At most this many groups are drawn; the others are counted. */
    static final int GROUPS_SHOWN = 200;

    /** One migration's counts: how many tenants in each state, as a bar of segments. */
    public record Summary(String version, String name, long applied, long tenants, List<Segment> segments) {}

    /** A part of a bar: a state's share. */
    public record Segment(String css, String label, long count, String width) {}

    /** A group's row of the heat map; {@code link} narrows the page to its tenants (null when none can). */
    public record GroupLine(String name, int tenants, String link, List<HeatCell> cells) {}

    /** A tenant's row of the heat map. */
    public record TenantLine(String tenant, String site, String version, boolean dirty, List<HeatCell> cells) {

        public String link() {
            return "/tenants/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8);
        }
    }

    /** A state and its colour. */
    public record Legend(String css, String label) {}

    private static List<Summary> summary(List<MatrixView.MigrationCounts> migrations, long tenants) {
        List<Summary> lines = new ArrayList<>();
        for (MatrixView.MigrationCounts migration : migrations) {
            long counted = migration.counts().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            long pending = migration.counts().getOrDefault(CellState.PENDING, 0L) + Math.max(0, tenants - counted);
            List<Segment> segments = new ArrayList<>();
            for (CellState state : shownStates()) {
                long count = state == CellState.PENDING
                        ? pending
                        : migration.counts().getOrDefault(state, 0L);
                if (count > 0) {
                    segments.add(new Segment(
                            HeatCell.css(state),
                            HeatCell.label(state),
                            count,
                            String.format(
                                    java.util.Locale.ROOT, "%.2f%%", 100.0 * count / Math.max(tenants, counted))));
                }
            }
            lines.add(new Summary(
                    migration.version(),
                    migration.name(),
                    migration.counts().getOrDefault(CellState.APPLIED, 0L),
                    tenants,
                    segments));
        }
        return lines;
    }

    /** The page for a query the API answered. */
    static FleetPage of(
            FleetQuery query,
            String latestRelease,
            MatrixResource.SummaryView summary,
            MatrixView.Rows rows,
            List<MatrixGroups.Group> groups) {
        long shown = (long) (query.page() + 1) * query.size();
        return new FleetPage(
                query,
                null,
                latestRelease,
                summary.tenants(),
                rows.versions(),
                summary(summary.migrations(), summary.tenants()),
                groups.stream()
                        .limit(GROUPS_SHOWN)
                        .map(g -> group(g, rows.versions(), query))
                        .toList(),
                Math.max(0, groups.size() - GROUPS_SHOWN),
                rows.items().stream().map(r -> tenant(r, rows.versions())).toList(),
                rows.total(),
                query.page() > 0 ? query.at(query.page() - 1) : null,
                shown < rows.total() ? query.at(query.page() + 1) : null,
                stateLegend());
    }

    /** The page for a query the API refused, saying why: the counts, and no tenant. */
    static FleetPage refused(FleetQuery query, String latestRelease, MatrixResource.SummaryView summary, String error) {
        return new FleetPage(
                query,
                error,
                latestRelease,
                summary.tenants(),
                List.of(),
                summary(summary.migrations(), summary.tenants()),
                List.of(),
                0,
                List.of(),
                0,
                null,
                null,
                stateLegend());
    }

    static GroupLine group(MatrixGroups.Group group, List<String> versions, FleetQuery query) {
        List<HeatCell> cells = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            CellState shown = group.shownState(i);
            long applied = group.applied(i);
            StringBuilder title = new StringBuilder(group.name() + " · " + versions.get(i) + ":");
            group.states().get(i).forEach((state, count) -> title.append(' ')
                    .append(count)
                    .append(' ')
                    .append(HeatCell.label(state))
                    .append(','));
            title.setLength(title.length() - 1);
            cells.add(new HeatCell(
                    versions.get(i), HeatCell.css(shown), percent(applied, group.tenants()), title.toString()));
        }
        return new GroupLine(group.name(), group.tenants(), query.narrowedTo(group.name()), cells);
    }

    static TenantLine tenant(MatrixView.TenantRow row, List<String> versions) {
        List<HeatCell> cells = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            CellState state = row.states().get(i);
            cells.add(new HeatCell(
                    versions.get(i),
                    HeatCell.css(state),
                    "",
                    row.tenant() + " · " + versions.get(i) + ": " + HeatCell.label(state)));
        }
        return new TenantLine(row.tenant(), row.site(), row.currentVersion(), row.dirty(), cells);
    }

    static List<Legend> stateLegend() {
        return shownStates().stream()
                .map(s -> new Legend(HeatCell.css(s), HeatCell.label(s)))
                .toList();
    }

    private static List<CellState> shownStates() {
        return Arrays.stream(CellState.values())
                .filter(s -> s != CellState.UNKNOWN)
                .toList();
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "" : Math.round(100.0 * part / whole) + "%";
    }
}
