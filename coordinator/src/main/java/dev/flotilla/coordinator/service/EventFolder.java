package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.matrix.CellInput;
import dev.flotilla.coordinator.messaging.OutboxRelay;
import dev.flotilla.coordinator.rollout.RolloutDecisions;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.store.CellStore.CellUpdate;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.MessageLog;
import dev.flotilla.coordinator.store.RolloutStore;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Folds agents' events into cells and runs, one transaction per event. The message id is recorded in
 * the same transaction, so a redelivered or replayed event changes nothing.
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
        Instant now = clock.instant();
        boolean folded = db.inTransaction(tx -> {
            if (!MessageLog.firstTime(tx, envelope.id(), now)) {
                return false;
            }
            apply(tx, envelope.tenant(), envelope.payload(), now);
            return true;
        });
        if (folded && envelope.payload() instanceof RunFinished) {
            relay.wakeUp();
        }
        return folded;
    }

    private void apply(SqlClient tx, String tenant, Event event, Instant now) {
        runOf(event).ifPresent(run -> RolloutStore.heardFrom(tx, run, now));
        switch (event) {
            case RunStarted started -> runReported(tx, started.runId(), RunState.RUNNING, null, now);
            case StepStarted started ->
                cell(
                        tx,
                        tenant,
                        started.version(),
                        new CellInput.StepStarted(started.direction()),
                        update(tx, started.runId(), null, null),
                        now);
            case StepProgress progress -> {} // it only shows the run is alive
            case StepSucceeded succeeded ->
                cell(
                        tx,
                        tenant,
                        succeeded.version(),
                        new CellInput.StepSucceeded(succeeded.direction()),
                        update(tx, succeeded.runId(), succeeded.checksum(), null),
                        now);
            case StepFailed failed ->
                cell(
                        tx,
                        tenant,
                        failed.version(),
                        new CellInput.StepFailed(
                                failed.direction(), failed.dirty(), failed.code() == FailureCode.CHECKSUM_MISMATCH),
                        update(tx, failed.runId(), null, failed.message()),
                        now);
            case RunFinished finished -> runFinished(tx, finished, now);
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
    private static CellUpdate update(SqlClient tx, UUID run, String checksum, String message) {
        UUID rollout =
                RolloutStore.lockRun(tx, run).map(RolloutStore.RunRow::rollout).orElse(null);
        return new CellUpdate(checksum, rollout, run, message);
    }

    private void runFinished(SqlClient tx, RunFinished finished, Instant now) {
        RunState reported =
                switch (finished.outcome()) {
                    case SUCCEEDED -> RunState.SUCCEEDED;
                    case FAILED -> RunState.FAILED;
                    case CANCELLED -> RunState.CANCELLED;
                };
        runReported(tx, finished.runId(), reported, finished.message(), now)
                .ifPresent(rollout -> rollouts.dispatch(tx, rollout, now));
    }

    /** Moves the run as reported; returns its rollout when the run is known. */
    private static Optional<UUID> runReported(
            SqlClient tx, UUID runId, RunState reported, String message, Instant now) {
        return RolloutStore.lockRun(tx, runId).map(run -> {
            RunState next = RolloutDecisions.runAfter(run.state(), reported);
            if (next != run.state()) {
                RolloutStore.setRunState(tx, List.of(run.id()), next, message, now);
            }
            return run.rollout();
        });
    }
}
