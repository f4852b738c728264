package dev.flotilla.agent.apply;

import dev.flotilla.agent.history.HistoryEntry;
import dev.flotilla.model.catalog.BatchSpec;
import dev.flotilla.model.catalog.CatalogException;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.PlanStep;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What to do with one step given what the tenant's history says about its version. Pure: the history
 * decides, never the coordinator's view, so a re-delivered command cannot apply a step twice.
 */
sealed interface StepDecision {

    /** Run this script. */
    record Run(StepExecutor.Script script, String checksum) implements StepDecision {}

    /**
     * Nothing to do: the history already has the step's effect.
     *
     * @param appliedBy the rollout that applied it, as its history row says; null when unknown or when
     *     there is nothing applied (a down step found it absent)
     */
    record AlreadyDone(String checksum, UUID appliedBy) implements StepDecision {

        AlreadyDone(String checksum) {
            this(checksum, null);
        }
    }

    /** Stop the run: the history forbids the step. */
    record Refuse(FailureCode code, String message, boolean dirty) implements StepDecision {}

    /**
     * Decides a step against the tenant's whole history: besides what {@link #decide(HistoryEntry,
     * PlanStep, Direction)} says about the step's own version, nothing runs while any version is dirty,
     * because the tenant may be half-changed until it is repaired. Steps already done still report done.
     *
     * @param history the latest history row of each version, never null
     */
    static StepDecision decide(Map<Version, HistoryEntry> history, PlanStep step, Direction direction) {
        StepDecision decision = decide(history.get(step.version()), step, direction);
        if (!(decision instanceof Run)) {
            return decision;
        }
        return history.values().stream()
                .filter(entry -> entry.status() == HistoryEntry.Status.DIRTY)
                .findFirst()
                .<StepDecision>map(dirty -> new Refuse(
                        FailureCode.DIRTY,
                        "version " + dirty.version() + " is dirty: a non-transactional step did not finish; repair"
                                + " the tenant before migrating it",
                        true))
                .orElse(decision);
    }

    /**
     * @param entry the latest history row of the version, null when there is none
     */
    static StepDecision decide(HistoryEntry entry, PlanStep step, Direction direction) {
        HistoryEntry.Status status = entry == null ? HistoryEntry.Status.ABSENT : entry.status();
        if (status == HistoryEntry.Status.DIRTY) {
            return new Refuse(
                    FailureCode.DIRTY,
                    "version " + step.version() + " is dirty: a non-transactional step did not finish; repair the"
                            + " tenant before migrating it",
                    true);
        }
        if (status == HistoryEntry.Status.APPLIED && !entry.checksum().equals(step.upChecksum())) {
            return new Refuse(
                    FailureCode.CHECKSUM_MISMATCH,
                    "checksum mismatch for version " + step.version() + ": the tenant has " + entry.checksum()
                            + ", the plan has " + step.upChecksum(),
                    false);
        }
        return switch (direction) {
            case UP ->
                status == HistoryEntry.Status.APPLIED
                        ? new AlreadyDone(step.upChecksum(), entry.rollout().orElse(null))
                        : run(step.upSql(), step.upTransactional(), step);
            case DOWN -> down(status, step);
        };
    }

    private static StepDecision down(HistoryEntry.Status status, PlanStep step) {
        if (status == HistoryEntry.Status.ABSENT) {
            return new AlreadyDone(step.upChecksum());
        }
        if (step.downSql() == null) {
            return new Refuse(
                    FailureCode.SQL_ERROR, "version " + step.version() + " has no down script (irreversible)", false);
        }
        return run(step.downSql(), step.downTransactional(), step);
    }

    /**
     * Runs the script, batched when its directives say so; the agent reads the directive from the
     * shipped text itself, which the plan's content id and signature cover.
     */
    private static StepDecision run(String sql, boolean transactional, PlanStep step) {
        Optional<BatchSpec> batch;
        try {
            batch = BatchSpec.of(sql);
        } catch (CatalogException e) {
            return new Refuse(FailureCode.SQL_ERROR, "version " + step.version() + ": " + e.getMessage(), false);
        }
        return new Run(
                new StepExecutor.Script(
                        sql, transactional, step.lockTimeoutMs(), step.statementTimeoutMs(), batch.orElse(null)),
                step.upChecksum());
    }
}
