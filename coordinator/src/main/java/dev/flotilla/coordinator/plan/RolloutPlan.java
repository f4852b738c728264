package dev.flotilla.coordinator.plan;

import java.util.List;
import java.util.Optional;

/**
 * A rollout as an operator asks for it (a plan file, or the simple {@code POST /api/rollouts} body):
 * the target, the waves in order, the concurrency limits and each wave's failure budget.
 *
 * @param tenants when present, only these tenants take part (each must be known)
 */
public record RolloutPlan(
        Target target,
        Optional<List<String>> tenants,
        List<WaveSpec> waves,
        Concurrency concurrency,
        FailureBudget failureBudget) {

    public RolloutPlan {
        tenants = tenants.map(List::copyOf);
        waves = List.copyOf(waves);
        if (waves.isEmpty()) {
            throw new IllegalArgumentException("a plan has at least one wave");
        }
    }
}
