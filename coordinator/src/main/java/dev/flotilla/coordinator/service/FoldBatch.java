package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.matrix.CellInput;
import dev.flotilla.coordinator.matrix.CellMachine;
import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.rollout.Notice;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.store.BatchProgressStore;
import dev.flotilla.coordinator.store.CellStore;
import dev.flotilla.coordinator.store.CellStore.CellChange;
import dev.flotilla.coordinator.store.CellStore.CellKey;
import dev.flotilla.coordinator.store.CellStore.CellUpdate;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.RunStore.RunChange;
import dev.flotilla.coordinator.store.RunStore.RunRow;
import dev.flotilla.model.catalog.Catalog;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.Events;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.RepairFinished;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunStarted;
import dev.flotilla.model.wire.StepFailed;
import dev.flotilla.model.wire.StepProgress;
import dev.flotilla.model.wire.StepStarted;
import dev.flotilla.model.wire.StepSucceeded;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Folds a run of step and run events set-wise, inside the caller's transaction: one statement locks
 * (and marks as heard from) every run they name, one locks every cell they touch, the pure
 * {@link CellMachine} and the run lifecycle ({@link RunState#afterReport}) decide each event in order in memory, and one
 * statement each writes the changed cells and runs. Inventories are not folded here.
 */
final class FoldBatch {

    private final SqlClient tx;
    private final Catalog catalog;
    private final Instant now;
    private final List<Envelope<? extends Event>> pending = new ArrayList<>();
    private final Set<UUID> finishedRollouts = new LinkedHashSet<>();
    private final List<Notice> notices = new ArrayList<>();

    FoldBatch(SqlClient tx, Catalog catalog, Instant now) {
        this.tx = tx;
        this.catalog = catalog;
        this.now = now;
    }

    void add(Envelope<? extends Event> envelope) {
        if (envelope.payload() instanceof Inventory) {
            throw new IllegalArgumentException("inventories are folded one by one");
        }
        pending.add(envelope);
    }

    /** What people are to be told of what was folded: the tenants whose runs failed. */
    List<Notice> notices() {
        return notices;
    }

    /** Rollouts one of whose runs ended in this batch: their free slots need filling. */
    Set<UUID> finishedRollouts() {
        return finishedRollouts;
    }

    /** Folds and writes what was added since the last flush. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<UUID, RunRow> runs = RunStore.heardFromAll(
                tx, pending.stream().map(e -> runOf(e.payload())).distinct().toList(), now);
        Map<CellKey, CellState> cells = CellStore.lockAll(
                tx,
                pending.stream()
                        .map(this::cellOf)
                        .flatMap(Optional::stream)
                        .distinct()
                        .toList());
        Map<CellKey, CellChange> cellChanges = new LinkedHashMap<>();
        Map<UUID, RunChange> runChanges = new LinkedHashMap<>();
        Map<UUID, RunState> runStates = new HashMap<>();
        Map<UUID, StepProgress> progressed = new LinkedHashMap<>();
        runs.forEach((id, run) -> runStates.put(id, run.state()));
        for (Envelope<? extends Event> envelope : pending) {
            UUID runId = runOf(envelope.payload());
            Optional<RunRow> run = Optional.ofNullable(runs.get(runId));
            switch (envelope.payload()) {
                case RunStarted started -> {
                    report(run, RunState.RUNNING, null, runStates, runChanges);
                    ranBy(run, started.agent(), runStates, runChanges);
                }
                case StepProgress progress -> {
                    // Every report shows the run is alive; a batched step's also says how far it is.
                    if (progress.cursor() != null && run.isPresent()) {
                        progressed.put(runId, progress);
                    }
                }
                case RunFinished finished -> {
                    Optional<RunState> reported = reported(finished);
                    if (reported.isPresent()
                            && report(run, reported.get(), finished.message(), runStates, runChanges)) {
                        finishedRollouts.add(run.get().rollout());
                        if (runStates.get(runId) == RunState.FAILED) {
                            notices.add(Notice.tenantFailed(
                                    run.get().rollout(), run.get().tenant(), runId, finished.message()));
                        }
                    }
                }
                case StepStarted e ->
                    cell(
                            envelope,
                            new CellInput.StepStarted(e.direction()),
                            update(run, runId, null, null).ranStep(e.direction(), null),
                            cells,
                            cellChanges);
                case StepSucceeded e ->
                    cell(
                            envelope,
                            new CellInput.StepSucceeded(e.direction()),
                            applied(update(run, runId, e.checksum(), null), e).ranStep(e.direction(), e.durationMs()),
                            cells,
                            cellChanges);
                case StepFailed e ->
                    cell(
                            envelope,
                            e.code() == FailureCode.CANCELLED && !e.dirty()
                                    ? new CellInput.StepCancelled(e.direction())
                                    : new CellInput.StepFailed(
                                            e.direction(), e.dirty(), e.code() == FailureCode.CHECKSUM_MISMATCH),
                            update(run, runId, null, e.message()).ranStep(e.direction(), null),
                            cells,
                            cellChanges);
                case Inventory inventory -> throw new IllegalStateException("inventories are folded one by one");
                case RepairFinished repair -> throw new IllegalStateException("repair reports are folded one by one");
            }
        }
        CellStore.updateAll(tx, cellChanges.values(), now);
        RunStore.setRunStates(tx, runChanges.values(), now);
        BatchProgressStore.record(tx, progressed.values(), now);
        pending.clear();
    }

    private void cell(
            Envelope<? extends Event> envelope,
            CellInput input,
            CellUpdate update,
            Map<CellKey, CellState> cells,
            Map<CellKey, CellChange> changes) {
        CellKey key = cellOf(envelope).orElseThrow();
        CellFolder.decide(key.tenant(), key.version(), Optional.ofNullable(cells.get(key)), input)
                .ifPresent(to -> {
                    cells.put(key, to);
                    CellChange earlier = changes.get(key);
                    changes.put(
                            key, new CellChange(key, to, earlier == null ? update : merge(earlier.update(), update)));
                });
    }

    /** Two writes of one cell as one: later non-null fields win, the message is always the later one's. */
    private static CellUpdate merge(CellUpdate earlier, CellUpdate later) {
        boolean laterRan = later.direction() != null;
        return new CellUpdate(
                later.checksum() != null ? later.checksum() : earlier.checksum(),
                later.rollout() != null ? later.rollout() : earlier.rollout(),
                later.run() != null ? later.run() : earlier.run(),
                later.message(),
                later.appliedBy() != null ? later.appliedBy() : earlier.appliedBy(),
                laterRan ? later.direction() : earlier.direction(),
                laterRan ? later.durationMs() : earlier.durationMs());
    }

    /** Moves a known run as its agent reported; true when it moved. */
    private static boolean report(
            Optional<RunRow> run,
            RunState reported,
            String message,
            Map<UUID, RunState> states,
            Map<UUID, RunChange> changes) {
        if (run.isEmpty()) {
            return false;
        }
        UUID id = run.get().id();
        RunState current = states.get(id);
        RunState next = current.afterReport(reported);
        if (next == current) {
            return false;
        }
        states.put(id, next);
        RunChange earlier = changes.get(id);
        String kept = message != null ? message : earlier == null ? null : earlier.message();
        changes.put(id, new RunChange(id, next, kept, earlier == null ? null : earlier.agent()));
        return true;
    }

    /** Records the agent that started a run that is still going (the last one, after a takeover). */
    private static void ranBy(
            Optional<RunRow> run, String agent, Map<UUID, RunState> states, Map<UUID, RunChange> changes) {
        if (run.isEmpty() || agent == null) {
            return;
        }
        UUID id = run.get().id();
        RunState current = states.get(id);
        if (current.terminal()) {
            return;
        }
        RunChange earlier = changes.get(id);
        changes.put(id, new RunChange(id, current, earlier == null ? null : earlier.message(), agent));
    }

    /** The cell's new fields; it records the run's rollout (null for an unknown run), as the matrix shows it. */
    private static CellUpdate update(Optional<RunRow> run, UUID runId, String checksum, String message) {
        return new CellUpdate(checksum, run.map(RunRow::rollout).orElse(null), runId, message);
    }

    /**
     * Who applied the migration, for a rollback: the run's rollout when its up step ran; when the
     * history already had it (a re-sent run whose first report was lost, a retry after a repair), the
     * rollout its history row names.
     */
    private static CellUpdate applied(CellUpdate update, StepSucceeded step) {
        if (step.direction() != Direction.UP) {
            return update;
        }
        UUID by = step.alreadyApplied() ? step.appliedBy() : update.rollout();
        return update.appliedBy(by);
    }

    /**
     * The state the agent reported the run in; empty for {@link RunOutcome#BUSY}: that agent found the
     * tenant locked by another session (most often another agent running the same command after a
     * rebalance), so the run stays in flight for the lock holder to report, or goes quiet and is re-sent.
     */
    private static Optional<RunState> reported(RunFinished finished) {
        return switch (finished.outcome()) {
            case SUCCEEDED -> Optional.of(RunState.SUCCEEDED);
            case FAILED -> Optional.of(RunState.FAILED);
            case CANCELLED -> Optional.of(RunState.CANCELLED);
            case BUSY -> Optional.empty();
        };
    }

    /** The cell a step event is about, with the catalog's spelling of its version; empty for run events. */
    private Optional<CellKey> cellOf(Envelope<? extends Event> envelope) {
        return Events.stepVersionOf(envelope.payload())
                .map(version -> new CellKey(
                        envelope.tenant(),
                        catalog.find(version).map(Migration::version).orElse(version)));
    }

    private static UUID runOf(Event event) {
        return Events.runOf(event).orElseThrow(() -> new IllegalArgumentException("an inventory is about no run"));
    }
}
