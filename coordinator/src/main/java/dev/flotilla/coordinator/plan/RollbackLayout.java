package dev.flotilla.coordinator.plan;

import dev.flotilla.model.catalog.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lays out the rollback of a rollout, pure: each tenant reverts, in reverse version order, only the
 * steps that rollout applied to it; a tenant it never changed is left alone. A tenant whose run is
 * still in flight may apply more steps before its revert runs (the agent runs the two one after the
 * other), so it gets every step of its run too: the agent skips those its history lacks. A step
 * without a down script (irreversible) blocks the rollback, unless an admin allows it, and then the
 * tenant reverts down to just above it.
 */
public final class RollbackLayout {

    private RollbackLayout() {}

    /**
     * A tenant's part in the rollout being rolled back.
     *
     * @param applied the versions the rollout applied to the tenant, as its cells show now
     * @param inFlight its run may still be applying steps
     * @param runSteps the steps of its run, as last dispatched
     */
    public record Forward(String tenant, String site, Set<Version> applied, boolean inFlight, List<Version> runSteps) {
        public Forward {
            applied = Set.copyOf(applied);
            runSteps = List.copyOf(runSteps);
        }
    }

    /**
     * A tenant's revert.
     *
     * @param steps the versions to revert, highest first
     * @param stoppedAbove the irreversible version it stops above, null when none stops it
     */
    public record Revert(String tenant, String site, List<Version> steps, Version stoppedAbove) {}

    /**
     * @param reverts the tenants with something to revert, by tenant id
     * @param untouched tenants the rollout never changed, left alone
     * @param irreversible per irreversible version the rollback would need, the tenants that need it;
     *     empty when nothing blocks
     */
    public record Layout(List<Revert> reverts, List<String> untouched, Map<Version, List<String>> irreversible) {

        /** Whether the rollback is refused: it needs an irreversible step and no admin allowed that. */
        public boolean blocked(boolean allowIrreversible) {
            return !irreversible.isEmpty() && !allowIrreversible;
        }
    }

    /**
     * @param reversible whether a version has a down script
     * @param allowIrreversible revert down to just above an irreversible step instead of leaving the
     *     tenant out of the plan; the layout lists what blocks either way
     */
    public static Layout lay(List<Forward> tenants, Set<Version> reversible, boolean allowIrreversible) {
        List<Revert> reverts = new ArrayList<>();
        List<String> untouched = new ArrayList<>();
        Map<Version, List<String>> irreversible = new TreeMap<>();
        for (Forward tenant :
                tenants.stream().sorted(Comparator.comparing(Forward::tenant)).toList()) {
            TreeSet<Version> toRevert = new TreeSet<>(tenant.applied());
            if (tenant.inFlight()) {
                toRevert.addAll(tenant.runSteps());
            }
            if (toRevert.isEmpty()) {
                untouched.add(tenant.tenant());
                continue;
            }
            List<Version> steps = new ArrayList<>();
            Version stoppedAbove = null;
            for (Version version : toRevert.descendingSet()) {
                if (!reversible.contains(version)) {
                    irreversible
                            .computeIfAbsent(version, v -> new ArrayList<>())
                            .add(tenant.tenant());
                    stoppedAbove = version;
                    break;
                }
                steps.add(version);
            }
            if (stoppedAbove != null && !allowIrreversible) {
                steps = List.of();
            }
            reverts.add(new Revert(tenant.tenant(), tenant.site(), List.copyOf(steps), stoppedAbove));
        }
        return new Layout(List.copyOf(reverts), List.copyOf(untouched), irreversible);
    }
}
