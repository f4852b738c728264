package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.service.MatrixReads;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the fleet page was asked for, as its form and links carry it on.
 *
 * @param select a tenant selector ({@code group=beta,region=eu}); null for every tenant
 * @param group the label key to group by, or {@code site}
 * @param site only the tenants of this site; null for every site
 * @param behind a version, or {@code latest}: only the tenants that have not applied it; null for all
 * @param page from 0
 */
public record FleetQuery(String select, String group, String site, String behind, int page, int size) {

    public FleetQuery {
        select = blankToNull(select);
        if ("*".equals(select)) {
            select = null;
        }
        group = blankToNull(group) == null ? MatrixReads.SITE : group.strip();
        site = blankToNull(site);
        behind = blankToNull(behind);
        page = Math.max(0, page);
    }

    /** The page's number as people count, from 1. */
    public int number() {
        return page + 1;
    }

    /** This query's page of the fleet, as a link. */
    public String url() {
        return at(page);
    }

    /** The same query at another page. */
    String at(int to) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("select", select);
        params.put("group", group.equals(MatrixReads.SITE) ? null : group);
        params.put("site", site);
        params.put("behind", behind);
        params.put("page", to == 0 ? null : Integer.toString(to));
        StringBuilder url = new StringBuilder("/");
        params.forEach((key, value) -> {
            if (value != null) {
                url.append(url.length() == 1 ? '?' : '&')
                        .append(key)
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return url.toString();
    }

    /**
     * The same query narrowed to the tenants of one group: of its site, or with its label's value;
     * null for the tenants without the label, which no selector picks out.
     */
    String narrowedTo(String value) {
        if (group.equals(MatrixReads.SITE)) {
            return new FleetQuery(select, group, value, behind, 0, size).url();
        }
        if (value.equals(MatrixReads.NO_GROUP)) {
            return null;
        }
        String term = group + "=" + value;
        return new FleetQuery(select == null ? term : select + "," + term, group, site, behind, 0, size).url();
    }

    /** The tenants of the same selection that have not applied {@code version}. */
    public String behindUrl(String version) {
        return new FleetQuery(select, group, site, version, 0, size).url();
    }

    /** Every tenant of the selection, behind or not. */
    public String everyTenant() {
        return new FleetQuery(select, group, site, null, 0, size).url();
    }

    /** The whole fleet. */
    public String wholeFleet() {
        return new FleetQuery(null, group, null, null, 0, size).url();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
