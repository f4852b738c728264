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
 * steps that rollout applied to it; a tenant it never changed is left alone. A tenant is blocked, not
 * reverted, when it needs a repair first, or when a version it has applied sits above what the
 * rollback would revert without being reverted itself (a later rollout applied it): down scripts
 * run only from the top. A step without a down script (irreversible) blocks the rollback, unless an
 * admin allows it, and then the tenant reverts down to just above it.
 *
 * <p>A tenant whose run is still in flight may apply more of its steps before it stops, so its revert
 * is laid out provisionally, with every step of its run, and an irreversible step it has not reached
 * yet does not block the rollback; the revert is settled ({@link #settle}) when it is dispatched,
 * after the forward run has ended, from what the tenant then has.
 */
public final class RollbackLayout {

    private RollbackLayout() {}

    /**
     * A tenant's part in the rollout being rolled back.
     *
     * @param applied the versions the rollout applied to the tenant, as its cells show now
     * @param inFlight its run may still be applying steps
     * @param runSteps the steps of its run, as last dispatched
     * @param appliedNow every version the tenant has applied now, by whichever rollout
     * @param needsRepair why the tenant needs a repair first (dirty, checksum mismatch); null if not
     */
    public record Forward(
            String tenant,
            String site,
            Set<Version> applied,
            boolean inFlight,
            List<Version> runSteps,
            Set<Version> appliedNow,
            String needsRepair) {
        public Forward {
            applied = Set.copyOf(applied);
            runSteps = List.copyOf(runSteps);
            appliedNow = Set.copyOf(appliedNow);
        }
    }

    /**
     * A tenant's revert.
     *
     * @param steps the versions to revert, highest first
     * @param stoppedAbove the irreversible version it stops above, null when none stops it
     * @param blockedBy why the tenant cannot be reverted now; null when it can
     */
    public record Revert(String tenant, String site, List<Version> steps, Version stoppedAbove, String blockedBy) {}

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
            String blockedBy = blockedBy(tenant, toRevert);
            if (blockedBy != null) {
                reverts.add(new Revert(tenant.tenant(), tenant.site(), List.of(), null, blockedBy));
                continue;
            }
            List<Version> steps = new ArrayList<>();
            Version stoppedAbove = null;
            for (Version version : toRevert.descendingSet()) {
                if (!reversible.contains(version)
                        && tenant.inFlight()
                        && !tenant.applied().contains(version)) {
                    // Not reached yet, and maybe never: settled at dispatch.
                    steps.add(version);
                    continue;
                }
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
            reverts.add(new Revert(tenant.tenant(), tenant.site(), List.copyOf(steps), stoppedAbove, null));
        }
        return new Layout(List.copyOf(reverts), List.copyOf(untouched), irreversible);
    }

    /**
     * A tenant's revert as it is dispatched, once its forward run has ended: laid out again from what
     * the tenant has now, within the steps laid out when the rollback started (those its plan holds).
     *
     * @param tenant the tenant now, not in flight
     * @param laidOut the steps its rollback run holds, highest first
     * @return the revert to send; no steps and no {@code blockedBy} when nothing is left to revert
     */
    public static Revert settle(
            Forward tenant, List<Version> laidOut, Set<Version> reversible, boolean allowIrreversible) {
        if (tenant.inFlight()) {
            throw new IllegalArgumentException("tenant " + tenant.tenant() + " still has its forward run in flight");
        }
        Layout layout = lay(List.of(tenant), reversible, allowIrreversible);
        if (layout.reverts().isEmpty()) {
            return new Revert(tenant.tenant(), tenant.site(), List.of(), null, null);
        }
        Revert revert = layout.reverts().get(0);
        if (revert.stoppedAbove() != null && !allowIrreversible) {
            return new Revert(
                    tenant.tenant(),
                    tenant.site(),
                    List.of(),
                    revert.stoppedAbove(),
                    revert.stoppedAbove() + " has no down script and the rollback does not allow irreversible"
                            + " steps: revert it by hand, or roll back again with allowIrreversible");
        }
        List<Version> beyond =
                revert.steps().stream().filter(v -> !laidOut.contains(v)).toList();
        if (!beyond.isEmpty()) {
            return new Revert(
                    tenant.tenant(),
                    tenant.site(),
                    List.of(),
                    null,
                    "it has applied "
                            + String.join(
                                    ", ", beyond.stream().map(Version::text).toList())
                            + " since the rollback started, which it did not plan: roll back again");
        }
        return revert;
    }

    private static String blockedBy(Forward tenant, TreeSet<Version> toRevert) {
        if (tenant.needsRepair() != null) {
            return "needs a repair first: " + tenant.needsRepair();
        }
        List<Version> above = tenant.appliedNow().stream()
                .filter(v -> v.compareTo(toRevert.first()) > 0 && !toRevert.contains(v))
                .sorted()
                .toList();
        if (above.isEmpty()) {
            return null;
        }
        return String.join(", ", above.stream().map(Version::text).toList())
                + " applied above what this rollback reverts (by a later rollout): roll that back first";
    }
}
