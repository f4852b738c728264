package dev.flotilla.agent.history;

import dev.flotilla.agent.tenants.TenantPools;
import dev.flotilla.agent.tenants.TenantTarget;
import dev.flotilla.model.wire.AppliedMigration;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads what a tenant's history table says is applied or dirty. Never creates the table. */
@ApplicationScoped
public class InventoryReader {

    private final TenantPools pools;

    public InventoryReader(TenantPools pools) {
        this.pools = pools;
    }

    public List<AppliedMigration> read(TenantTarget target) {
        HistoryTable history = new HistoryTable(target.historySchema());
        return history.current(pools.pool(target.database())).values().stream()
                .filter(e -> e.status() != HistoryEntry.Status.ABSENT)
                .map(e -> new AppliedMigration(
                        e.version(),
                        e.name(),
                        e.checksum(),
                        e.status() == HistoryEntry.Status.APPLIED ? AppliedMigration.APPLIED : AppliedMigration.DIRTY,
                        e.appliedAt(),
                        e.rollout().orElse(null)))
                .toList();
    }
}
