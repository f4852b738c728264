package dev.flotilla.agent.apply;

import dev.flotilla.agent.history.HistoryEntry;
import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.HistoryState;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanStep;
import dev.flotilla.model.wire.RepairAction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a repair does to one tenant, decided from the tenant's history and the indexes on the tables the
 * step builds indexes on, never from the coordinator's view (which only stops a repair when the
 * history no longer says what the coordinator saw). Pure: {@link RepairExecutor} reads the facts and
 * carries the decision out.
 */
sealed interface RepairDecision {

    /** Nothing is changed; the message says why. */
    record Refuse(String message) implements RepairDecision {}

    /**
     * Drop the invalid indexes, append the rows (one transaction), then run the step again when
     * {@code rerun} is set; the re-run's history row is the repair's ({@code kind} repair).
     */
    record Repair(List<TenantIndexes.Index> dropInvalid, List<Row> rows, Optional<Rerun> rerun, String message)
            implements RepairDecision {}

    /** A history row the repair writes without running a script. */
    record Row(Version version, String name, String checksum, String direction, String kind) {}

    /**
     * The step to run again, in the direction that did not finish.
     *
     * @param rolloutId the rollout the dirty row names, kept on the re-run's row: the step is still that
     *     rollout's (a rollback of it reverts it); null when it names none
     */
    record Rerun(PlanStep step, Direction direction, StepExecutor.Script script, String checksum, UUID rolloutId) {}

    /**
     * @param expected what the coordinator's matrix said of the version when the repair was asked for;
     *     null for none. A repair (not a baseline) is refused when the history says otherwise.
     * @param history the latest row of each version
     * @param indexes the tenant's indexes on the tables the step's {@code CREATE INDEX CONCURRENTLY} build on
     */
    static RepairDecision decide(
            RepairAction action,
            Version version,
            HistoryState expected,
            PlanPublished plan,
            Map<Version, HistoryEntry> history,
            TenantIndexes indexes) {
        if (action == RepairAction.BASELINE) {
            return baseline(version, plan, history);
        }
        HistoryEntry entry = history.get(version);
        HistoryEntry.Status status = entry == null ? HistoryEntry.Status.ABSENT : entry.status();
        if (expected != null && statusOf(expected) != status) {
            return new Refuse("the coordinator saw version " + version + " as " + describe(statusOf(expected))
                    + " when the repair was asked for, but the tenant's history now says " + describe(status)
                    + ": it changed since; look at the tenant again and ask again");
        }
        Optional<PlanStep> found =
                plan.steps().stream().filter(s -> s.version().equals(version)).findFirst();
        if (found.isEmpty()) {
            return new Refuse("plan " + plan.planId() + " has no version " + version);
        }
        PlanStep step = found.get();
        return switch (action) {
            case RETRY -> retry(step, entry, status, indexes);
            case MARK_APPLIED -> markApplied(step, status, indexes);
            case MARK_REVERTED -> markReverted(step, status, indexes);
            case ACCEPT_CHECKSUM -> acceptChecksum(step, entry, status);
            case BASELINE -> throw new IllegalStateException("decided above");
        };
    }

    private static RepairDecision retry(
            PlanStep step, HistoryEntry entry, HistoryEntry.Status status, TenantIndexes indexes) {
        if (status != HistoryEntry.Status.DIRTY) {
            return new Refuse("version " + step.version() + " is not dirty (" + describe(status)
                    + "): there is nothing to retry; a failed step is retried with rollout retry");
        }
        Direction direction = HistoryTable.DOWN.equals(entry.direction()) ? Direction.DOWN : Direction.UP;
        String sql = direction == Direction.UP ? step.upSql() : step.downSql();
        if (sql == null) {
            return new Refuse("version " + step.version() + " has no down script to run again");
        }
        TenantIndexes.Dropped drop = new TenantIndexes.Dropped();
        for (ConcurrentIndexes.Built built : ConcurrentIndexes.builtBy(sql)) {
            Optional<TenantIndexes.Index> index = built.named() ? indexes.named(built) : Optional.empty();
            if (index.isPresent() && index.get().valid() && !built.ifNotExists()) {
                return new Refuse("index " + built.name() + " exists and is valid, and the step creates it without"
                        + " IF NOT EXISTS, so running it again would fail: use --mark-applied if the step took"
                        + " effect, or drop the index first");
            }
            drop.add(built, indexes);
        }
        boolean transactional = direction == Direction.UP ? step.upTransactional() : step.downTransactional();
        // No row of its own: the re-run's row (running first, for a non-transactional step) follows the
        // dirty one, so a crash in between still reads as dirty, never as a clean state.
        return new Repair(
                drop.indexes(),
                List.of(),
                Optional.of(new Rerun(
                        step,
                        direction,
                        new StepExecutor.Script(sql, transactional, step.lockTimeoutMs(), step.statementTimeoutMs()),
                        step.upChecksum(),
                        entry.rollout().orElse(null))),
                drop.describe() + "ran version " + step.version() + " "
                        + direction.name().toLowerCase() + " again");
    }

    private static RepairDecision markApplied(PlanStep step, HistoryEntry.Status status, TenantIndexes indexes) {
        if (status == HistoryEntry.Status.APPLIED) {
            return new Refuse("version " + step.version() + " is already applied");
        }
        for (ConcurrentIndexes.Built built : ConcurrentIndexes.builtBy(step.upSql())) {
            if (built.named()) {
                Optional<TenantIndexes.Index> index = indexes.named(built);
                if (index.isEmpty() || !index.get().valid()) {
                    return new Refuse("index " + built.name() + " is " + (index.isEmpty() ? "missing" : "invalid")
                            + ": the step did not take effect; use --retry");
                }
            } else if (!indexes.invalidOn(built.table()).isEmpty()) {
                return new Refuse("table " + built.table() + " has invalid index "
                        + TenantIndexes.names(indexes.invalidOn(built.table()))
                        + ", left by the step's unnamed concurrent build:"
                        + " the step did not take effect; use --retry");
            }
        }
        return new Repair(
                List.of(),
                List.of(new Row(step.version(), step.name(), step.upChecksum(), HistoryTable.UP, HistoryTable.REPAIR)),
                Optional.empty(),
                "recorded version " + step.version() + " applied");
    }

    private static RepairDecision markReverted(PlanStep step, HistoryEntry.Status status, TenantIndexes indexes) {
        if (status == HistoryEntry.Status.ABSENT) {
            return new Refuse("version " + step.version() + " is not applied");
        }
        TenantIndexes.Dropped drop = new TenantIndexes.Dropped();
        for (ConcurrentIndexes.Built built : ConcurrentIndexes.builtBy(step.upSql())) {
            if (built.named()
                    && indexes.named(built).map(TenantIndexes.Index::valid).orElse(false)) {
                return new Refuse("index " + built.name() + " exists and is valid: the step took effect; use"
                        + " --mark-applied, or revert it by hand first");
            }
            drop.add(built, indexes);
        }
        return new Repair(
                drop.indexes(),
                List.of(new Row(
                        step.version(), step.name(), step.upChecksum(), HistoryTable.DOWN, HistoryTable.REPAIR)),
                Optional.empty(),
                drop.describe() + "recorded version " + step.version() + " not applied");
    }

    private static RepairDecision acceptChecksum(PlanStep step, HistoryEntry entry, HistoryEntry.Status status) {
        if (status != HistoryEntry.Status.APPLIED) {
            return new Refuse("version " + step.version() + " is " + describe(status)
                    + ": only an applied step's checksum can be accepted");
        }
        if (entry.checksum().equals(step.upChecksum())) {
            return new Refuse("version " + step.version() + " already has the catalog's checksum " + step.upChecksum());
        }
        return new Repair(
                List.of(),
                List.of(new Row(step.version(), step.name(), step.upChecksum(), HistoryTable.UP, HistoryTable.REPAIR)),
                Optional.empty(),
                "accepted checksum " + step.upChecksum() + " for version " + step.version() + " (was "
                        + entry.checksum() + ")");
    }

    private static RepairDecision baseline(Version version, PlanPublished plan, Map<Version, HistoryEntry> history) {
        Optional<HistoryEntry> dirty = history.values().stream()
                .filter(e -> e.status() == HistoryEntry.Status.DIRTY)
                .findFirst();
        if (dirty.isPresent()) {
            return new Refuse("version " + dirty.get().version() + " is dirty: repair it before a baseline");
        }
        List<Row> rows = plan.steps().stream()
                .filter(s -> s.version().compareTo(version) <= 0)
                .filter(s -> history.get(s.version()) == null
                        || history.get(s.version()).status() == HistoryEntry.Status.ABSENT)
                .map(s -> new Row(s.version(), s.name(), s.upChecksum(), HistoryTable.UP, HistoryTable.BASELINE))
                .toList();
        return new Repair(
                List.of(),
                rows,
                Optional.empty(),
                rows.isEmpty()
                        ? "every migration up to " + version + " was already applied"
                        : "recorded " + rows.size() + " migration(s) up to " + version + " as applied (baseline)");
    }

    private static HistoryEntry.Status statusOf(HistoryState state) {
        return switch (state) {
            case APPLIED -> HistoryEntry.Status.APPLIED;
            case NOT_APPLIED -> HistoryEntry.Status.ABSENT;
            case DIRTY -> HistoryEntry.Status.DIRTY;
        };
    }

    private static String describe(HistoryEntry.Status status) {
        return switch (status) {
            case APPLIED -> "applied";
            case ABSENT -> "not applied";
            case DIRTY -> "dirty";
        };
    }
}
