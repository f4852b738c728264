package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.matrix.CellInput;
import dev.flotilla.coordinator.matrix.HistorySays;
import dev.flotilla.coordinator.store.CatalogStore;
import dev.flotilla.coordinator.store.CellStore;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.TenantStore;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.AppliedMigration;
import dev.flotilla.model.wire.Inventory;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Reconciles a tenant's cells with its history table, the source of truth: registers the tenant,
 * then moves every cell to what the history says.
 */
@ApplicationScoped
public class InventoryFolder {

    private static final Logger LOGGER = Logger.getLogger(InventoryFolder.class);

    private final CatalogService catalog;
    private final CellFolder cells;

    public InventoryFolder(CatalogService catalog, CellFolder cells) {
        this.catalog = catalog;
        this.cells = cells;
    }

    public void fold(SqlClient tx, String tenant, Inventory inventory, Instant now) {
        TenantStore.upsertTenant(tx, tenant, inventory.site(), inventory.agent(), inventory.labels(), now);
        CatalogStore.addMissingCells(tx, tenant, now);
        Map<Version, AppliedMigration> history = new HashMap<>();
        for (AppliedMigration applied : inventory.applied()) {
            Version version = Version.of(applied.version());
            history.put(version, applied);
            if (catalog.catalog().find(version).isEmpty()) {
                LOGGER.warnf("history has a version the catalog lacks tenant=%s version=%s", tenant, version);
            }
        }
        boolean runInFlight = RunStore.hasRunInFlight(tx, tenant);
        for (Migration migration : catalog.catalog().migrations()) {
            AppliedMigration seen = history.get(migration.version());
            HistorySays says = says(migration, seen);
            cells.apply(
                    tx,
                    tenant,
                    migration.version(),
                    new CellInput.Observed(says, runInFlight),
                    new CellStore.CellUpdate(
                            seen == null ? null : seen.checksum(),
                            null,
                            null,
                            message(migration, seen, says),
                            // The rollout the history row names applied it (after a repair, say).
                            says == HistorySays.APPLIED ? seen.rollout() : null),
                    now);
        }
    }

    private static HistorySays says(Migration migration, AppliedMigration seen) {
        if (seen == null) {
            return HistorySays.ABSENT;
        }
        if (AppliedMigration.DIRTY.equals(seen.state())) {
            return HistorySays.DIRTY;
        }
        return seen.checksum().equals(migration.checksum()) ? HistorySays.APPLIED : HistorySays.MISMATCH;
    }

    private static String message(Migration migration, AppliedMigration seen, HistorySays says) {
        return switch (says) {
            case MISMATCH ->
                "checksum mismatch: the tenant has " + seen.checksum() + ", the catalog has " + migration.checksum();
            case DIRTY -> "a non-transactional step did not finish; repair the tenant";
            case ABSENT, APPLIED -> null;
        };
    }
}
