package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.plan.Durations;
import dev.flotilla.coordinator.plan.RolloutLayout;
import dev.flotilla.coordinator.plan.RolloutPlan;
import dev.flotilla.coordinator.plan.WaveSpec;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a plan would do if started now: each wave with its tenants and each tenant's steps, the
 * tenants that cannot take part, with why (blocked until a repair, already at the target, selected by
 * no wave, unknown to every agent), and, going down, the migrations without a down script that block
 * and, per tenant, the one its revert stops above (as a rollback's preview says it).
 *
 * @param stoppedAbove going down, per tenant of a wave (taking part or with nothing left to revert)
 *     whose revert stops above a migration without a down script, that migration; empty going up
 */
public record PlanPreview(
        List<Wave> waves,
        List<Excluded> excluded,
        Map<Version, List<String>> irreversible,
        Map<String, Version> stoppedAbove) {

    /**
     * A tenant that takes part, with the steps it would run.
     *
     * @param skips earlier migrations it has not applied and would not run (a custom batch jumping
     *     over them); empty for version and release targets
     */
    public record Member(String tenant, String site, List<Version> steps, List<Version> skips) {}

    public record Wave(String name, String select, String soak, boolean approval, List<Member> tenants) {}

    public record Excluded(String tenant, String reason) {}

    /**
     * @param irreversible down plans: per migration without a down script a tenant would need
     *     reverted, those tenants (the plan is refused unless it allows irreversible steps)
     * @param stoppedAbove down plans: per tenant whose revert stops above a migration without a down
     *     script, that migration
     */
    static PlanPreview of(
            RolloutPlan plan,
            RolloutLayout.Layout layout,
            List<String> unknown,
            Map<String, List<Version>> skipped,
            Map<Version, List<String>> irreversible,
            Map<String, Version> stoppedAbove) {
        List<List<Member>> members = new ArrayList<>();
        plan.waves().forEach(w -> members.add(new ArrayList<>()));
        List<Excluded> excluded = new ArrayList<>();
        Map<String, Version> stopped = new TreeMap<>();
        for (RolloutLayout.Placement p : layout.placements()) {
            Version stop = p.blockedBy() == null ? stoppedAbove.get(p.tenant()) : null;
            if (stop != null) {
                stopped.put(p.tenant(), stop);
            }
            if (p.blockedBy() != null) {
                excluded.add(new Excluded(p.tenant(), "needs a repair first: " + p.blockedBy()));
            } else if (p.steps().isEmpty()) {
                excluded.add(new Excluded(p.tenant(), nothingToDo(plan, stop)));
            } else {
                members.get(p.wave())
                        .add(new Member(p.tenant(), p.site(), p.steps(), skipped.getOrDefault(p.tenant(), List.of())));
            }
        }
        layout.unselected().forEach(t -> excluded.add(new Excluded(t, "no wave selects it")));
        unknown.forEach(t -> excluded.add(new Excluded(t, "unknown to every agent")));
        List<Wave> waves = new ArrayList<>();
        for (int i = 0; i < plan.waves().size(); i++) {
            WaveSpec spec = plan.waves().get(i);
            waves.add(new Wave(
                    spec.name(), spec.select(), Durations.format(spec.soak()), spec.approval(), members.get(i)));
        }
        return new PlanPreview(waves, excluded, irreversible, stopped);
    }

    /**
     * Why a tenant a wave selects has no step to run.
     *
     * @param stop going down, the irreversible step its revert stops above; null when none
     */
    private static String nothingToDo(RolloutPlan plan, Version stop) {
        if (plan.direction() == Direction.UP) {
            return "no path: it already has every migration of the target";
        }
        if (stop == null) {
            return "nothing to revert: it has applied nothing above the target";
        }
        return plan.allowIrreversible()
                ? "nothing to revert: it stops above " + stop + ", which has no down script"
                : "its revert needs " + stop + ", which has no down script (allowIrreversible takes it down to"
                        + " just above " + stop + ")";
    }
}
