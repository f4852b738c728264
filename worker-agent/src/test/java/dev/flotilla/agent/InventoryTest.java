package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flotilla.model.catalog.Checksum;
import dev.flotilla.model.wire.AppliedMigration;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.testkit.Fleet;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The agent reports what each tenant's history table says, at start-up and when asked. */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class InventoryTest extends AgentIntegrationTest {

    @Test
    void shouldReportAnInventoryForEveryTenantSchemaWhenTheAgentStarts() {
        // given an agent started on a database with tenant schemas and one other schema

        // when its start-up reports arrive
        for (int i = 1; i <= AgentTestResources.TENANTS; i++) {
            String tenant = Fleet.tenantId(i);
            events.awaitInventory(tenant, inventory -> true);
        }

        // then each tenant is reported once by this agent, empty as it was at start-up
        for (int i = 1; i <= AgentTestResources.TENANTS; i++) {
            Inventory first = events.inventories(Fleet.tenantId(i)).getFirst();
            assertThat(first.agent()).isEqualTo(AgentTestResources.AGENT_ID);
            assertThat(first.site()).isEqualTo(AgentTestResources.SITE);
            assertThat(first.applied()).isEmpty();
        }
        assertThat(events.inventories(AgentTestResources.NOT_A_TENANT)).isEmpty();
    }

    @Test
    void shouldReportLabelsFromTheLabelQueryAndTheConfigurationWhichWinsWhenTheAgentStarts() {
        // given the label query gives tenant_0002 tier=pro region=eu and tenant_0003 tier=free (region null),
        // and the configuration gives tenant_0002 group=internal and tier=enterprise

        // when
        Inventory second = events.awaitInventory("tenant_0002", inventory -> true);
        Inventory third = events.awaitInventory("tenant_0003", inventory -> true);
        Inventory first = events.awaitInventory("tenant_0001", inventory -> true);

        // then
        assertThat(second.labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("tier", "enterprise", "region", "eu", "group", "internal"));
        assertThat(third.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("tier", "free"));
        assertThat(first.labels()).isEmpty();
    }

    @Test
    void shouldListTheAppliedVersionsWithChecksumsWhenAskedForATenantsInventoryAfterARun() {
        // given
        String tenant = servedTenant("tenant_0007");
        String first = "create table plans (id bigint primary key);";
        String second = "alter table plans add column price_cents bigint not null default 0;";
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_plans", first), Steps.transactional("0002", "add_price", second)));
        UUID runId = coordinator.runTenant(tenant, planId, "0001", "0002");
        assertThat(EventLog.payloads(events.awaitFinished(runId), RunFinished.class))
                .extracting(RunFinished::outcome)
                .containsExactly(RunOutcome.SUCCEEDED);

        // when
        coordinator.reportInventory(tenant);

        // then
        Inventory inventory = events.awaitInventory(tenant, i -> !i.applied().isEmpty());
        assertThat(inventory.agent()).isEqualTo(AgentTestResources.AGENT_ID);
        assertThat(inventory.site()).isEqualTo(AgentTestResources.SITE);
        assertThat(inventory.applied())
                .extracting(
                        AppliedMigration::version,
                        AppliedMigration::name,
                        AppliedMigration::checksum,
                        AppliedMigration::state)
                .containsExactly(
                        tuple("0001", "create_plans", Checksum.of(first), AppliedMigration.APPLIED),
                        tuple("0002", "add_price", Checksum.of(second), AppliedMigration.APPLIED));
        assertThat(inventory.applied())
                .allSatisfy(m -> assertThat(m.appliedAt()).isNotNull());
    }
}
