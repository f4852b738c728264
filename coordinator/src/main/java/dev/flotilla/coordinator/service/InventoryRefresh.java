package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.OutboxStore;
import dev.flotilla.coordinator.store.TenantStore;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.ReportInventory;
import dev.flotilla.model.wire.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Asks every site to report the inventory of all its tenants again, so the matrix is re-checked
 * against the tenants' history tables (after a repair by hand, a restore, or to detect drift). The
 * requests go through the outbox like every other command.
 */
@ApplicationScoped
public class InventoryRefresh {

    private final Db db;
    private final DatabaseClock time;
    private final OutboxStore outbox;
    private final OutboxWakeUp relay;

    public InventoryRefresh(Db db, OutboxStore outbox, OutboxWakeUp relay, DatabaseClock time) {
        this.db = db;
        this.time = time;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** What a refresh asked for: every tenant of these sites (sorted) reports after {@code at}. */
    public record Requested(Instant at, List<String> sites) {}

    /** Requests the inventories, as of the database's time (the clock tenants' inventories are stamped with). */
    public Requested requestAll(String requestedBy) {
        Requested requested = db.inTransaction(tx -> {
            Instant now = time.now(tx);
            List<String> found = TenantStore.sites(tx);
            for (String site : found) {
                outbox.append(
                        tx,
                        Topics.commands(site),
                        site,
                        Envelope.of(null, null, now, new ReportInventory(requestedBy)));
            }
            return new Requested(now, found);
        });
        relay.wakeUp();
        return requested;
    }
}
