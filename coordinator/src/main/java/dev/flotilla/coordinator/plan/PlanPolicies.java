package dev.flotilla.coordinator.plan;

import static dev.flotilla.coordinator.plan.PlanFields.bool;
import static dev.flotilla.coordinator.plan.PlanFields.optionalInt;
import static dev.flotilla.coordinator.plan.PlanFields.text;
import static dev.flotilla.coordinator.plan.PlanFields.unknownFields;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.model.wire.Direction;
import java.util.Set;

/**
 * Reads how carefully a plan runs: its direction, concurrency limits, failure budget, what a breach
 * of that budget does, and whether irreversible steps may be stepped over. Pure, refusing like {@link
 * RolloutPlanParser}.
 */
final class PlanPolicies {

    private PlanPolicies() {}

    /**
     * The plan's {@code allowIrreversible}: a plan going down steps over irreversible steps, and so may
     * the automatic rollback of a plan with {@code onBreach: rollback-wave}; no other plan reverts.
     */
    static boolean allowIrreversible(JsonNode body, Direction direction, OnBreach onBreach) {
        boolean allow = body.has("allowIrreversible") && bool(body.get("allowIrreversible"), "allowIrreversible");
        if (allow && direction != Direction.DOWN && !onBreach.rollsBack()) {
            throw new PlanFileException(
                    "allowIrreversible",
                    "allowIrreversible is for a plan with direction: down, or with onBreach: rollback-wave (for"
                            + " its automatic rollback)");
        }
        return allow;
    }

    static Direction direction(JsonNode direction) {
        if (direction == null || direction.isNull()) {
            return Direction.UP;
        }
        return switch (text(direction, "direction")) {
            case "up" -> Direction.UP;
            case "down" -> Direction.DOWN;
            default -> throw new PlanFileException("direction", "direction is up or down");
        };
    }

    /**
     * What a breach of the failure budget does: halt (the default) or roll the wave back, which a plan
     * going down (itself a rollback) cannot ask for, nor one whose failures never halt it.
     */
    static OnBreach onBreach(JsonNode node, Direction direction, FailureBudget budget) {
        if (node == null || node.isNull()) {
            return OnBreach.HALT;
        }
        String label = text(node, "onBreach");
        OnBreach onBreach = OnBreach.ofLabel(label)
                .orElseThrow(() -> new PlanFileException(
                        "onBreach", "onBreach is halt or rollback-wave; '" + label + "' is neither"));
        if (onBreach.rollsBack() && direction == Direction.DOWN) {
            throw new PlanFileException(
                    "onBreach",
                    "onBreach: rollback-wave is for a plan going up: a plan with direction: down is itself a"
                            + " rollback, and a rollback does not roll itself back");
        }
        if (onBreach.rollsBack() && budget.equals(FailureBudget.UNLIMITED)) {
            throw new PlanFileException(
                    "onBreach",
                    "onBreach: rollback-wave needs a failure budget to breach: a plan without waves tries every"
                            + " tenant unless it gives failureBudget");
        }
        return onBreach;
    }

    static Concurrency concurrency(JsonNode concurrency, JsonNode maxParallel) {
        if (concurrency != null && !concurrency.isNull() && maxParallel != null && !maxParallel.isNull()) {
            throw new PlanFileException("maxParallel", "give concurrency.fleet or maxParallel, not both");
        }
        if (concurrency == null || concurrency.isNull()) {
            int fleet =
                    optionalInt(maxParallel, "maxParallel", 1, Concurrency.MAX).orElse(RolloutPlanParser.DEFAULT_FLEET);
            return Concurrency.fleetOf(fleet);
        }
        if (!concurrency.isObject()) {
            throw new PlanFileException("concurrency", "concurrency is an object with fleet, perSite, perWave");
        }
        unknownFields(concurrency, Set.of("fleet", "perSite", "perWave"), "concurrency.");
        int fleet = optionalInt(concurrency.get("fleet"), "concurrency.fleet", 1, Concurrency.MAX)
                .orElse(RolloutPlanParser.DEFAULT_FLEET);
        return new Concurrency(
                fleet,
                optionalInt(concurrency.get("perSite"), "concurrency.perSite", 1, Concurrency.MAX)
                        .orElse(fleet),
                optionalInt(concurrency.get("perWave"), "concurrency.perWave", 1, Concurrency.MAX)
                        .orElse(fleet));
    }

    static FailureBudget budget(JsonNode budget, FailureBudget absent) {
        if (budget == null || budget.isNull()) {
            return absent;
        }
        if (!budget.isObject()) {
            throw new PlanFileException("failureBudget", "failureBudget is an object with count and percent");
        }
        unknownFields(budget, Set.of("count", "percent"), "failureBudget.");
        return new FailureBudget(
                optionalInt(budget.get("count"), "failureBudget.count", 0, Integer.MAX_VALUE)
                        .orElse(0),
                optionalInt(budget.get("percent"), "failureBudget.percent", 0, 100)
                        .orElse(0));
    }
}
