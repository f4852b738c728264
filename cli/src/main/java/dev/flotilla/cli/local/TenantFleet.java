package dev.flotilla.cli.local;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo fleet's tenants: schemas {@code tenant_0001…tenant_N}, dealt to the sites round-robin
 * like cards, so every site gets a share within one of the others and neighbouring tenants land on
 * different sites.
 */
public final class TenantFleet {

    /** Four digits keep the names sortable; {@link LocalStackOptions} caps the fleet to match. */
    public static final int MAX_TENANTS = 9999;

    private TenantFleet() {}

    public static List<String> tenantIds(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ids.add(String.format("tenant_%04d", i));
        }
        return ids;
    }

    /** The tenants of each site: element {@code i} holds site {@code i + 1}'s tenants, in order. */
    public static List<List<String>> splitRoundRobin(List<String> tenants, int sites) {
        if (sites < 1) {
            throw new IllegalArgumentException("sites must be at least 1, was " + sites);
        }
        List<List<String>> split = new ArrayList<>(sites);
        for (int site = 0; site < sites; site++) {
            split.add(new ArrayList<>());
        }
        for (int i = 0; i < tenants.size(); i++) {
            split.get(i % sites).add(tenants.get(i));
        }
        return split.stream().map(List::copyOf).toList();
    }

    /** The site name agents and tenants of site number {@code site} (1-based) use. */
    public static String siteName(int site) {
        return "site-" + site;
    }
}
