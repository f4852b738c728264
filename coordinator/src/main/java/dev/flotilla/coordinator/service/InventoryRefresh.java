package dev.flotilla.coordinator.service;

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
    private final OutboxStore outbox;
    private final OutboxWakeUp relay;

    public InventoryRefresh(Db db, OutboxStore outbox, OutboxWakeUp relay) {
        this.db = db;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** Requests the inventories; returns the sites asked, sorted. */
    public List<String> requestAll(String requestedBy, Instant now) {
        List<String> sites = db.inTransaction(tx -> {
            List<String> found = TenantStore.sites(tx);
            for (String site : found) {
                outbox.append(
                        tx,
                        Topics.commands(site),
                        site,
                        Envelope.of(null, null, now, new ReportInventory(requestedBy)));
            }
            return found;
        });
        relay.wakeUp();
        return sites;
    }
}
