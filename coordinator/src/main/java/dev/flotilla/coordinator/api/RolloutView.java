package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.coordinator.rollout.RunCounts;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.store.RolloutStore.RolloutRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A rollout as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutView(
        UUID id,
        String state,
        String planId,
        Map<String, String> target,
        int maxParallel,
        Instant createdAt,
        Instant finishedAt,
        Map<String, Integer> runs,
        List<Failure> failures) {

    /** A tenant whose run failed, or that could not take part (blocked until a repair). */
    public record Failure(String tenant, String message) {}

    static RolloutView of(RolloutRow row, RunCounts counts, List<Failure> failures) {
        return new RolloutView(
                row.id(),
                row.state().name(),
                row.planId(),
                Map.of("version", row.targetVersion()),
                row.maxParallel(),
                row.createdAt(),
                row.finishedAt(),
                Map.of(
                        "total", counts.total(),
                        "blocked", counts.get(RunState.BLOCKED),
                        "pending", counts.get(RunState.PENDING),
                        "dispatched", counts.get(RunState.DISPATCHED),
                        "running", counts.get(RunState.RUNNING),
                        "succeeded", counts.get(RunState.SUCCEEDED),
                        "failed", counts.get(RunState.FAILED),
                        "cancelled", counts.get(RunState.CANCELLED)),
                failures);
    }
}
