package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.TenantSchema.HistoryRow;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Commands carry the relaying leader's epoch; a deposed leader's late commands are refused. */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class FencingTest extends AgentIntegrationTest {

    @Test
    void shouldRefuseACommandWhenItsEpochIsBelowTheHighestSeen() {
        // given a leader of epoch 1000 was heard from
        String tenant = servedTenant("tenant_0041");
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_a", "create table fenced_a (id int);"),
                Steps.transactional("0002", "create_b", "create table fenced_b (id int);"),
                Steps.transactional("0003", "create_c", "create table fenced_c (id int);")));
        UUID current = coordinator.runTenantAt(1000L, tenant, planId, "0001");
        assertThat(outcome(current)).isEqualTo(RunOutcome.SUCCEEDED);

        // when the deposed leader of epoch 999 sends a late command, then the current leader another
        UUID late = coordinator.runTenantAt(999L, tenant, planId, "0002");
        UUID next = coordinator.runTenantAt(1000L, tenant, planId, "0003");

        // then the late command did nothing: no event, no history row, no table
        assertThat(outcome(next)).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(events.run(late)).isEmpty();
        assertThat(schema(tenant).history()).extracting(HistoryRow::version).containsExactly("0001", "0003");
        assertThat(schema(tenant).hasTable("fenced_b")).isFalse();
    }

    @Test
    void shouldRunACommandWhenItCarriesNoEpoch() {
        // given a fenced leader was heard from
        String tenant = servedTenant("tenant_0042");
        String planId = coordinator.publishPlan(
                List.of(Steps.transactional("0001", "create_d", "create table unfenced_d (id int);")));
        coordinator.runTenantAt(1000L, tenant, planId);

        // when a coordinator from before fencing sends a command
        UUID unfenced = coordinator.runTenant(tenant, planId, "0001");

        // then it runs
        assertThat(outcome(unfenced)).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(schema(tenant).hasTable("unfenced_d")).isTrue();
    }

    private RunOutcome outcome(UUID run) {
        return EventLog.payloads(events.awaitFinished(run), RunFinished.class)
                .getFirst()
                .outcome();
    }
}
