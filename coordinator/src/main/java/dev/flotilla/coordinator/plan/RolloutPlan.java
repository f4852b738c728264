package dev.flotilla.coordinator.plan;

import dev.flotilla.model.wire.Direction;
import java.util.List;
import java.util.Optional;

/**
 * A rollout as an operator asks for it (a plan file, or the simple {@code POST /api/rollouts} body):
 * the target, the waves in order, the concurrency limits and each wave's failure budget.
 *
 * @param tenants when present, only these tenants take part (each must be known)
 * @param direction up; or down: each tenant reverts, highest first, what it has applied above the
 *     target version
 * @param onBreach what a wave breaching its failure budget does besides halting the rollout; a plan
 *     going down only halts
 * @param allowIrreversible down: a tenant stops just above a migration without a down script, instead
 *     of the plan being refused; with {@code onBreach} rollback-wave: the same for the automatic
 *     rollback, which otherwise does not start
 * @param confirm the environment's name, which a protected environment requires of a plan going down
 *     or rolling back on its own; nullable
 */
public record RolloutPlan(
        Target target,
        Optional<List<String>> tenants,
        List<WaveSpec> waves,
        Concurrency concurrency,
        FailureBudget failureBudget,
        Direction direction,
        OnBreach onBreach,
        boolean allowIrreversible,
        String confirm) {

    public RolloutPlan {
        tenants = tenants.map(List::copyOf);
        waves = List.copyOf(waves);
        if (waves.isEmpty()) {
            throw new IllegalArgumentException("a plan has at least one wave");
        }
    }
}
