package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.coordinator.plan.Durations;
import dev.flotilla.coordinator.plan.FailureBudget;
import dev.flotilla.coordinator.rollout.ActionRecord;
import dev.flotilla.coordinator.rollout.ApprovalGate;
import dev.flotilla.coordinator.rollout.BatchProgress;
import dev.flotilla.coordinator.rollout.Eta;
import dev.flotilla.coordinator.rollout.Rollout;
import dev.flotilla.coordinator.rollout.RolloutAction;
import dev.flotilla.coordinator.rollout.RunCounts;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.rollout.Wave;
import dev.flotilla.coordinator.service.RolloutReads.Details;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * A rollout as the API shows it: its state and why, who started it, its limits and what a breach of
 * its failure budget does, run counts, the operator actions its state takes ({@code allowedActions}:
 * pause, resume, cancel, approve, retry, skip), and, when shown alone, each wave's progress with an
 * ETA, the tenants that failed, the audit trail and the rollbacks that undo it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutView(
        UUID id,
        String state,
        String direction,
        UUID undoes,
        String reason,
        String startedBy,
        String planId,
        Map<String, String> target,
        String targetVersion,
        int maxParallel,
        Map<String, Integer> concurrency,
        Map<String, Integer> failureBudget,
        String onBreach,
        boolean allowIrreversible,
        String currentWave,
        Instant createdAt,
        Instant finishedAt,
        Map<String, Integer> runs,
        List<String> allowedActions,
        List<WaveView> waves,
        List<Failure> failures,
        List<Note> notes,
        List<ActionRecord> actions,
        List<RollbackLink> rollbacks,
        List<BatchProgress> batches)
        implements Audited {

    /** The rollout an action was taken on, and the state it left it in. */
    @Override
    public String auditDetail() {
        return "rollout=" + id + " state=" + state;
    }

    /** A tenant whose run failed, or that could not take part (blocked until a repair). */
    public record Failure(String tenant, String message) {}

    /** A tenant whose run says more without having failed: a revert that stops above an irreversible step. */
    public record Note(String tenant, String message) {}

    /**
     * A rollout that rolls this one back.
     *
     * @param wave the wave it rolls back; null when it rolls back every wave
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RollbackLink(UUID id, String wave, String state, Instant createdAt) {}

    /**
     * One wave's progress. {@code status}: waiting (an earlier wave runs), awaiting-approval, running,
     * soaking (done; the next wave waits for the soak), done. {@code approvable}: the rollout waits for
     * this wave's approval now, and an approval would be taken. {@code failuresAllowed}: how many of its
     * tenants may fail before its budget is breached; null when the budget is unlimited. {@code
     * rollbackAskedAt}: when its breach asked for its automatic rollback; null until then.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WaveView(
            String name,
            String select,
            Integer limit,
            String soak,
            boolean approval,
            String status,
            boolean approvable,
            Instant startedAt,
            Instant doneAt,
            String approvedBy,
            Instant approvedAt,
            Instant rollbackAskedAt,
            int tenants,
            int done,
            int running,
            int failed,
            int pending,
            int skipped,
            int blocked,
            Integer failuresAllowed,
            Long elapsedSeconds,
            Long etaSeconds) {}

    static RolloutView summary(Rollout row, RunCounts counts, String startedBy) {
        return of(row, counts, startedBy, null, null, null, null, null, null, null);
    }

    static RolloutView full(Details details, Instant now) {
        Rollout row = details.rollout();
        RunCounts all = RunCounts.sum(details.counts().values());
        List<WaveView> waves =
                details.waves().stream().map(w -> wave(row, w, details, now)).toList();
        String current = details.waves().size() > row.currentWave()
                ? details.waves().get(row.currentWave()).name()
                : null;
        List<RollbackLink> rollbacks = details.rollbacks().stream()
                .map(r -> new RollbackLink(
                        r.id(), r.target().get("wave"), r.state().name(), r.createdAt()))
                .toList();
        return of(
                row,
                all,
                details.startedBy(),
                current,
                waves,
                byTenant(details.failures(), Failure::new),
                byTenant(details.notes(), Note::new),
                details.actions(),
                rollbacks,
                details.batches());
    }

    private static <T> List<T> byTenant(Map<String, String> messages, BiFunction<String, String, T> entry) {
        return messages.entrySet().stream()
                .map(e -> entry.apply(e.getKey(), e.getValue()))
                .toList();
    }

    private static RolloutView of(
            Rollout row,
            RunCounts counts,
            String startedBy,
            String currentWave,
            List<WaveView> waves,
            List<Failure> failures,
            List<Note> notes,
            List<ActionRecord> actions,
            List<RollbackLink> rollbacks,
            List<BatchProgress> batches) {
        Map<String, Integer> runs = new LinkedHashMap<>();
        runs.put("total", counts.total());
        runs.put("blocked", counts.get(RunState.BLOCKED));
        runs.put("pending", counts.get(RunState.PENDING));
        runs.put("dispatched", counts.get(RunState.DISPATCHED));
        runs.put("running", counts.get(RunState.RUNNING));
        runs.put("succeeded", counts.get(RunState.SUCCEEDED));
        runs.put("failed", counts.get(RunState.FAILED));
        runs.put("cancelled", counts.get(RunState.CANCELLED));
        runs.put("skipped", counts.get(RunState.SKIPPED));
        return new RolloutView(
                row.id(),
                row.state().name(),
                row.direction().name().toLowerCase(Locale.ROOT),
                row.undoes(),
                row.reason(),
                startedBy,
                row.planId(),
                row.target(),
                row.targetVersion().text(),
                row.concurrency().fleet(),
                Map.of(
                        "fleet", row.concurrency().fleet(),
                        "perSite", row.concurrency().perSite(),
                        "perWave", row.concurrency().perWave()),
                Map.of("count", row.budget().count(), "percent", row.budget().percent()),
                row.onBreach().label(),
                row.allowIrreversible(),
                currentWave,
                row.createdAt(),
                row.finishedAt(),
                runs,
                row.state().actions().stream().map(RolloutAction::code).toList(),
                waves,
                failures,
                notes,
                actions,
                rollbacks,
                batches);
    }

    private static WaveView wave(Rollout row, Wave wave, Details details, Instant now) {
        RunCounts runs = details.counts().getOrDefault(wave.position(), RunCounts.sum(List.of()));
        int parallel = row.concurrency().parallelism(row.sites().size());
        Long eta = wave.doneAt() != null
                ? null
                : Eta.of(details.stepsLeft().getOrDefault(wave.position(), 0L), details.secondsPerStep(), parallel)
                        .map(Duration::toSeconds)
                        .orElse(null);
        Instant end = wave.doneAt() != null ? wave.doneAt() : now;
        boolean approvable = row.state().allows(RolloutAction.APPROVE)
                && ApprovalGate.of(row.currentWave(), details.waves(), now)
                        .map(gate -> gate.position() == wave.position())
                        .orElse(false);
        return new WaveView(
                wave.name(),
                wave.spec().select(),
                wave.spec().limit().isPresent() ? wave.spec().limit().getAsInt() : null,
                Durations.format(wave.spec().soak()),
                wave.spec().approval(),
                wave.stateAt(row.currentWave(), now).label(),
                approvable,
                wave.startedAt(),
                wave.doneAt(),
                wave.approvedBy(),
                wave.approvedAt(),
                wave.rollbackAskedAt(),
                runs.total(),
                runs.get(RunState.SUCCEEDED),
                runs.inFlight(),
                runs.get(RunState.FAILED) + runs.get(RunState.CANCELLED),
                runs.get(RunState.PENDING),
                runs.get(RunState.SKIPPED),
                runs.get(RunState.BLOCKED),
                row.budget().equals(FailureBudget.UNLIMITED)
                        ? null
                        : row.budget().allowed(runs.total()),
                wave.startedAt() == null
                        ? null
                        : Duration.between(wave.startedAt(), end).toSeconds(),
                eta);
    }
}
