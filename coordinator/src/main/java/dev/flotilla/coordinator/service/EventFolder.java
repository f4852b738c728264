package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.MessageLog;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.RepairFinished;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Folds agents' events into cells and runs, a batch of events per transaction. The message ids are
 * recorded in the same transaction, so a redelivered or replayed event changes nothing. Every time it
 * writes (heard of, done, updated) is the database's, read once per transaction ({@link DatabaseClock}). Step and run
 * events are folded set-wise ({@link FoldBatch}); an inventory or a repair's report is folded on its
 * own, in its place in the order. Rollouts whose runs finished get their free slots filled once, at the end of the batch.
 */
@ApplicationScoped
public class EventFolder {

    private final Db db;
    private final CatalogService catalog;
    private final InventoryFolder inventories;
    private final RepairService repairs;
    private final WaveEngine rollouts;
    private final OutboxWakeUp relay;
    private final FoldListener listener;
    private final Notifications notifications;
    private final DatabaseClock time;

    public EventFolder(
            Db db,
            CatalogService catalog,
            InventoryFolder inventories,
            RepairService repairs,
            WaveEngine rollouts,
            OutboxWakeUp relay,
            FoldListener listener,
            Notifications notifications,
            DatabaseClock time) {
        this.db = db;
        this.catalog = catalog;
        this.inventories = inventories;
        this.repairs = repairs;
        this.rollouts = rollouts;
        this.relay = relay;
        this.listener = listener;
        this.notifications = notifications;
        this.time = time;
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
        // Sorted: every transaction that locks several rollouts locks them in the same order.
        Set<UUID> toDispatch = new TreeSet<>();
        List<Event> folded = new ArrayList<>();
        db.inTransaction(tx -> {
            Instant now = time.now(tx);
            Set<UUID> fresh = MessageLog.firstTimes(
                    tx, envelopes.stream().map(Envelope::id).toList(), now);
            FoldBatch batch = new FoldBatch(tx, catalog.catalog(), now);
            for (Envelope<? extends Event> envelope : envelopes) {
                if (!fresh.remove(envelope.id())) {
                    continue;
                }
                folded.add(envelope.payload());
                if (envelope.payload() instanceof Inventory inventory) {
                    batch.flush();
                    LogContext.about(
                            "tenant", envelope.tenant(), () -> inventories.fold(tx, envelope.tenant(), inventory, now));
                } else if (envelope.payload() instanceof RepairFinished repair) {
                    batch.flush();
                    LogContext.about(
                            "tenant", envelope.tenant(), () -> repairs.finished(tx, envelope.tenant(), repair, now));
                    // The tenant's runs waited for the repair; they may go now.
                    toDispatch.addAll(RunStore.rolloutsWaitingFor(tx, envelope.tenant()));
                } else {
                    batch.add(envelope);
                }
            }
            batch.flush();
            notifications.record(tx, batch.notices(), now);
            toDispatch.addAll(batch.finishedRollouts());
            // A rollback's revert of a tenant waits for the tenant's forward run to end.
            toDispatch.addAll(RolloutStore.openRollbacksOf(tx, batch.finishedRollouts()));
            for (UUID rollout : toDispatch) {
                rollouts.advance(tx, rollout, now);
            }
            return null;
        });
        if (!toDispatch.isEmpty()) {
            relay.wakeUp();
        }
        listener.folded(folded);
        return folded.size();
    }
}
