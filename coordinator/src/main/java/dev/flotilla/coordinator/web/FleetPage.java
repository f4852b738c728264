package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.matrix.MatrixGroups;
import dev.flotilla.coordinator.matrix.MatrixView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet page: counts per migration and state, the matrix by group (a label or the site), and a
 * page of tenants' rows, all for the tenants a selector picks (all without one), optionally only
 * those behind a version. Built from what the API answers; a page never holds more than one page of
 * tenants' cells.
 *
 * @param query what was asked, as the page's form and links carry it on
 * @param error why the query was refused (a bad selector, an unknown version); null when it was not
 */
public record FleetPage(
        Query query,
        String error,
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

    /**
     * The page's query.
     *
     * @param select a tenant selector ({@code group=beta,region=eu}); blank for every tenant
     * @param group the label key to group by, or {@code site}
     * @param behind a version, or {@code latest}: only the tenants that have not applied it; blank for all
     */
    public record Query(String select, String group, String behind, int page, int size) {

        /** The page's number as people count, from 1. */
        public int number() {
            return page + 1;
        }

        /** This query's page of the fleet, as a link. */
        public String url() {
            return at(page);
        }

        String at(int to) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("select", select);
            params.put("group", group);
            params.put("behind", behind);
            params.put("page", to == 0 ? "" : Integer.toString(to));
            StringBuilder url = new StringBuilder("/");
            params.forEach((key, value) -> {
                if (value != null && !value.isBlank()) {
                    url.append(url.length() == 1 ? '?' : '&')
                            .append(key)
                            .append('=')
                            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            });
            return url.toString();
        }

        /** The same query narrowed to one group. */
        Query narrowedTo(String value) {
            String term = group + "=" + value;
            String narrowed = select == null || select.isBlank() ? term : select + "," + term;
            return new Query(narrowed, group, behind, 0, size);
        }

        /** The tenants behind the latest version, of the same selection. */
        public String behindLatest() {
            return new Query(select, group, "latest", 0, size).url();
        }

        /** Every tenant of the selection, behind or not. */
        public String everyTenant() {
            return new Query(select, group, null, 0, size).url();
        }
    }

    /** One migration's counts: how many tenants in each state, as a bar of segments. */
    public record Summary(String version, String name, long applied, long tenants, List<Segment> segments) {}

    /** A part of a bar: a state's share. */
    public record Segment(String css, String label, long count, String width) {}

    /** A group's row of the heat map; {@code link} narrows the page to its tenants. */
    public record GroupLine(String name, int tenants, String link, List<HeatCell> cells) {}

    /** A tenant's row of the heat map. */
    public record TenantLine(String tenant, String site, String version, boolean dirty, List<HeatCell> cells) {

        public String link() {
            return "/tenants/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8);
        }
    }

    /** A state and its colour. */
    public record Legend(String css, String label) {}

    static List<Summary> summary(List<MatrixView.MigrationCounts> migrations, long tenants) {
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

    static GroupLine group(MatrixGroups.Group group, List<String> versions, Query query) {
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
        return new GroupLine(
                group.name(), group.tenants(), query.narrowedTo(group.name()).url(), cells);
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
