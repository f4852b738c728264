package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.matrix.CellInput;
import dev.flotilla.coordinator.messaging.OutboxRelay;
import dev.flotilla.coordinator.rollout.RolloutDecisions;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.store.CellStore.CellUpdate;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.MessageLog;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RolloutStore.RunRow;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunStarted;
import dev.flotilla.model.wire.StepFailed;
import dev.flotilla.model.wire.StepProgress;
import dev.flotilla.model.wire.StepStarted;
import dev.flotilla.model.wire.StepSucceeded;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Folds agents' events into cells and runs, a batch of events per transaction. The message ids are
 * recorded in the same transaction, so a redelivered or replayed event changes nothing. Rollouts
 * whose runs finished in the batch get their free slots filled once, at the end of the batch.
 */
@ApplicationScoped
public class EventFolder {

    private final Db db;
    private final CatalogService catalog;
    private final CellFolder cells;
    private final InventoryFolder inventories;
    private final RolloutService rollouts;
    private final OutboxRelay relay;
    private final Clock clock;

    public EventFolder(
            Db db,
            CatalogService catalog,
            CellFolder cells,
            InventoryFolder inventories,
            RolloutService rollouts,
            OutboxRelay relay,
            Clock clock) {
        this.db = db;
        this.catalog = catalog;
        this.cells = cells;
        this.inventories = inventories;
        this.rollouts = rollouts;
        this.relay = relay;
        this.clock = clock;
    }

    /** Folds one event; false when it was a duplicate and nothing changed. */
    public boolean fold(Envelope<? extends Event> envelope) {
        return foldAll(List.of(envelope)) == 1;
    }

    /**
     * Folds events in their order, all in one transaction: all of them are folded, or none is. Returns
     * how many were new (not duplicates).
     */
    public int foldAll(List<? extends Envelope<? extends Event>> envelopes) {
        Instant now = clock.instant();
        Set<UUID> toDispatch = new LinkedHashSet<>();
        int folded = db.inTransaction(tx -> {
            Set<UUID> fresh = MessageLog.firstTimes(
                    tx, envelopes.stream().map(Envelope::id).toList(), now);
            int count = 0;
            for (Envelope<? extends Event> envelope : envelopes) {
                if (fresh.remove(envelope.id())) {
                    apply(tx, envelope.tenant(), envelope.payload(), now, toDispatch);
                    count++;
                }
            }
            for (UUID rollout : toDispatch) {
                rollouts.dispatch(tx, rollout, now);
            }
            return count;
        });
        if (!toDispatch.isEmpty()) {
            relay.wakeUp();
        }
        return folded;
    }

    private void apply(SqlClient tx, String tenant, Event event, Instant now, Set<UUID> toDispatch) {
        Optional<RunRow> run = runOf(event).flatMap(id -> RolloutStore.heardFrom(tx, id, now));
        switch (event) {
            case RunStarted started -> runReported(tx, run, RunState.RUNNING, null, now);
            case StepStarted started ->
                cell(
                        tx,
                        tenant,
                        started.version(),
                        new CellInput.StepStarted(started.direction()),
                        update(run, started.runId(), null, null),
                        now);
            case StepProgress progress -> {} // it only shows the run is alive
            case StepSucceeded succeeded ->
                cell(
                        tx,
                        tenant,
                        succeeded.version(),
                        new CellInput.StepSucceeded(succeeded.direction()),
                        update(run, succeeded.runId(), succeeded.checksum(), null),
                        now);
            case StepFailed failed ->
                cell(
                        tx,
                        tenant,
                        failed.version(),
                        new CellInput.StepFailed(
                                failed.direction(), failed.dirty(), failed.code() == FailureCode.CHECKSUM_MISMATCH),
                        update(run, failed.runId(), null, failed.message()),
                        now);
            case RunFinished finished -> {
                if (runReported(tx, run, reported(finished), finished.message(), now)) {
                    toDispatch.add(run.get().rollout());
                }
            }
            case Inventory inventory -> inventories.fold(tx, tenant, inventory, now);
        }
    }

    /** The run an event is about; empty for an inventory. */
    private static Optional<UUID> runOf(Event event) {
        return switch (event) {
            case RunStarted e -> Optional.of(e.runId());
            case StepStarted e -> Optional.of(e.runId());
            case StepProgress e -> Optional.of(e.runId());
            case StepSucceeded e -> Optional.of(e.runId());
            case StepFailed e -> Optional.of(e.runId());
            case RunFinished e -> Optional.of(e.runId());
            case Inventory e -> Optional.empty();
        };
    }

    private void cell(SqlClient tx, String tenant, String version, CellInput input, CellUpdate update, Instant now) {
        String catalogVersion = catalog.catalog()
                .find(Version.of(version))
                .map(m -> m.version().text())
                .orElse(version);
        cells.apply(tx, tenant, catalogVersion, input, update, now);
    }

    /** The cell's new fields; it records the run's rollout (null for an unknown run), as the matrix shows it. */
    private static CellUpdate update(Optional<RunRow> run, UUID runId, String checksum, String message) {
        return new CellUpdate(checksum, run.map(RunRow::rollout).orElse(null), runId, message);
    }

    private static RunState reported(RunFinished finished) {
        return switch (finished.outcome()) {
            case SUCCEEDED -> RunState.SUCCEEDED;
            case FAILED -> RunState.FAILED;
            case CANCELLED -> RunState.CANCELLED;
        };
    }

    /** Moves a known run as reported; true when it moved. */
    private static boolean runReported(
            SqlClient tx, Optional<RunRow> run, RunState reported, String message, Instant now) {
        if (run.isEmpty()) {
            return false;
        }
        RunState next = RolloutDecisions.runAfter(run.get().state(), reported);
        if (next == run.get().state()) {
            return false;
        }
        RolloutStore.setRunState(tx, List.of(run.get().id()), next, message, now);
        return true;
    }
}
