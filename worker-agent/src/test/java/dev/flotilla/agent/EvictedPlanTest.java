package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.apply.PlanCache;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The agent keeps at most {@code plan-cache.max} plans ({@value AgentTestResources#PLAN_CACHE_MAX}
 * here); a run whose plan it let go of reads the plan again from {@code flotilla.plans} and applies.
 */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class EvictedPlanTest extends AgentIntegrationTest {

    @Inject
    PlanCache plans;

    @Test
    void shouldApplyARunWhenItsPlanWasLetGoOfForNewerOnes() {
        // given a plan, then more newer plans than the agent keeps
        String tenant = servedTenant("tenant_0051");
        String planId = coordinator.publishPlan(
                List.of(Steps.transactional("0001", "create_from_old_plan", "create table from_old_plan (id int);")));
        await().atMost(EventLog.TIMEOUT).until(() -> plans.holds(planId));
        for (int i = 0; i < AgentTestResources.PLAN_CACHE_MAX; i++) {
            coordinator.publishPlan(List.of(Steps.transactional("0001", "filler_" + i, "select " + i + ";")));
        }
        await().atMost(EventLog.TIMEOUT).until(() -> !plans.holds(planId));

        // when
        UUID run = coordinator.runTenant(tenant, planId, "0001");

        // then
        assertThat(EventLog.payloads(events.awaitFinished(run), RunFinished.class)
                        .getFirst()
                        .outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(schema(tenant).hasTable("from_old_plan")).isTrue();
    }
}
