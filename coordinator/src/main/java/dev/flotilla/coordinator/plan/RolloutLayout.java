package dev.flotilla.coordinator.plan;

import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays a plan out over the fleet: which wave each tenant is in and the steps it has to run from the
 * version it is at, which tenants are blocked until a repair, and which tenants no wave selects.
 * Pure: the rollout and its preview both come from here, so a preview shows what a start would do.
 */
public final class RolloutLayout {

    private RolloutLayout() {}

    /** A tenant as the coordinator knows it. */
    public record Tenant(String id, String site, Map<String, String> labels) {}

    /**
     * A tenant's place in the rollout.
     *
     * @param blockedBy why the tenant cannot run before a repair (dirty, checksum mismatch), else null
     */
    public record Placement(String tenant, String site, int wave, List<Version> steps, String blockedBy) {}

    /** @param unselected tenants no wave selects, in id order */
    public record Layout(List<Placement> placements, List<String> unselected) {}

    /**
     * @param migrations the target's migrations, in catalog order
     * @param applied each tenant's applied versions (absent: none)
     * @param needRepair why a tenant needs a repair first, for those that do
     */
    public static Layout lay(
            List<WaveSpec> waves,
            List<Migration> migrations,
            List<Tenant> tenants,
            Map<String, Set<Version>> applied,
            Map<String, String> needRepair) {
        Map<String, List<Version>> paths = new HashMap<>();
        for (Tenant tenant : tenants) {
            paths.put(tenant.id(), Planner.path(migrations, applied.getOrDefault(tenant.id(), Set.of())));
        }
        return place(waves, tenants, paths, needRepair);
    }

    /**
     * Puts each tenant with work in the first wave that selects it, its steps already known (a rollback
     * computes them otherwise than a forward plan).
     *
     * @param paths each tenant's steps, in the order they run (absent: none)
     */
    public static Layout place(
            List<WaveSpec> waves,
            List<Tenant> tenants,
            Map<String, List<Version>> paths,
            Map<String, String> needRepair) {
        Map<String, Integer> waveOf = WaveAssignment.assign(
                waves,
                tenants.stream()
                        .map(t -> new WaveAssignment.Tenant(
                                t.id(),
                                t.labels(),
                                !paths.getOrDefault(t.id(), List.of()).isEmpty() && !needRepair.containsKey(t.id())))
                        .toList());
        List<Placement> placements = new ArrayList<>();
        List<String> unselected = new ArrayList<>();
        for (Tenant tenant :
                tenants.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList()) {
            Integer wave = waveOf.get(tenant.id());
            if (wave == null) {
                unselected.add(tenant.id());
                continue;
            }
            placements.add(new Placement(
                    tenant.id(),
                    tenant.site(),
                    wave,
                    paths.getOrDefault(tenant.id(), List.of()),
                    needRepair.get(tenant.id())));
        }
        return new Layout(placements, unselected);
    }
}
