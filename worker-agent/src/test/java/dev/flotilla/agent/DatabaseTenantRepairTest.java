package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.TenantSchema.Audit;
import dev.flotilla.model.wire.RepairAction;
import dev.flotilla.model.wire.RepairFinished;
import dev.flotilla.model.wire.RepairOutcome;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Repairs of a tenant that is a database of its own ({@link DatabaseTenantTestResources}): its history
 * table is in {@code public}, while its search path puts the step's tables, and so their indexes, in
 * the application's schema. The agent looks for the index where the step built it.
 */
@QuarkusTest
@WithTestResource(DatabaseTenantTestResources.class)
class DatabaseTenantRepairTest extends RepairIntegrationTest {

    /** Optional: Quarkus checks every test class's config injections, also under the other tests' resources. */
    @ConfigProperty(name = DatabaseTenantTestResources.TENANT_DATABASE)
    Optional<String> tenantDatabase;

    @Test
    void shouldFindTheInvalidIndexWhereTheSearchPathPutItWhenADatabaseTenantIsRepaired() {
        // given a unique index built concurrently by an unqualified script, invalid in the app schema
        String tenant = servedTenant(DatabaseTenantTestResources.TENANT);
        TenantSchema app = new TenantSchema(tenantDatabase.orElseThrow(), DatabaseTenantTestResources.APP_SCHEMA);
        TenantSchema history = new TenantSchema(tenantDatabase.orElseThrow(), "public");
        String planId = dirtyUniqueIndex(tenant, UNIQUE_SKU, app, "items_sku_uniq");
        assertThat(history.history()).hasSize(2);

        // when an operator claims it applied
        RepairFinished claimed = repair(tenant, planId, "0002", RepairAction.MARK_APPLIED, "looks fine to me");

        // then the agent sees the invalid index and refuses
        assertThat(claimed.outcome()).isEqualTo(RepairOutcome.REFUSED);
        assertThat(claimed.message()).contains("items_sku_uniq is invalid");

        // when the duplicates are fixed and the step retried
        app.execute("update items set sku = 'b' where id = 2");
        RepairFinished retried = repair(tenant, planId, "0002", RepairAction.RETRY, "duplicates fixed");

        // then the invalid index was dropped and built again, valid, where the step builds it
        assertThat(retried.outcome()).isEqualTo(RepairOutcome.SUCCEEDED);
        assertThat(retried.message()).contains("dropped invalid index items_sku_uniq");
        assertThat(app.hasValidIndex("items_sku_uniq")).isTrue();
        assertThat(history.audit().getLast())
                .isEqualTo(new Audit("0002", "up", "applied", "repair", "alice", "duplicates fixed"));
    }
}
