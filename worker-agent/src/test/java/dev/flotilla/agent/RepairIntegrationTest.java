package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.wire.HistoryState;
import dev.flotilla.model.wire.RepairAction;
import dev.flotilla.model.wire.RepairFinished;
import dev.flotilla.model.wire.StepFailed;
import java.util.List;
import java.util.UUID;

/** What the repair tests share: a tenant left dirty by a unique index built concurrently, and repairs of it. */
abstract class RepairIntegrationTest extends AgentIntegrationTest {

    static final String ITEMS_WITH_DUPLICATES =
            "create table items (id bigint primary key, sku text);" + " insert into items values (1, 'a'), (2, 'a');";
    static final String UNIQUE_SKU =
            "-- flotilla:no-transaction\ncreate unique index concurrently items_sku_uniq on items (sku);\n";

    /**
     * Runs 0001 (items with a duplicate sku) and 0002 (this unique index built concurrently), which goes
     * dirty and leaves the index invalid in {@code where}; returns the plan.
     */
    String dirtyUniqueIndex(String tenant, String indexScript, TenantSchema where, String index) {
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_items", ITEMS_WITH_DUPLICATES),
                Steps.nonTransactional("0002", "unique_sku", indexScript)));
        UUID run = coordinator.runTenant(tenant, planId, "0001", "0002");
        assertThat(EventLog.payloads(events.awaitFinished(run), StepFailed.class))
                .extracting(StepFailed::dirty)
                .containsExactly(true);
        assertThat(where.hasIndex(index)).isTrue();
        assertThat(where.hasValidIndex(index)).isFalse();
        return planId;
    }

    RepairFinished repair(String tenant, String planId, String version, RepairAction action, String reason) {
        return events.awaitRepair(coordinator.repairTenant(tenant, planId, version, action, reason));
    }

    RepairFinished repair(
            String tenant, String planId, String version, RepairAction action, String reason, HistoryState expected) {
        return events.awaitRepair(coordinator.repairTenant(tenant, planId, version, action, reason, expected));
    }
}
