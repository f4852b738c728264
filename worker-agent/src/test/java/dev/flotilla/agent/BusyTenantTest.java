package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.wire.MessageTypes;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.testkit.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A run whose tenant another session holds locked (another agent given the same command after a
 * rebalance) is reported busy elsewhere, never failed: the lock holder's report is the run's.
 */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class BusyTenantTest extends AgentIntegrationTest {

    @Test
    void shouldReportTheRunBusyAndLeaveTheTenantAloneWhenAnotherSessionHoldsTheTenantsLock() throws SQLException {
        // given another agent's session holding the tenant's lock
        String tenant = servedTenant("tenant_0030");
        String planId = coordinator.publishPlan(
                List.of(Steps.transactional("0001", "create_while_busy", "create table while_busy (id int);")));
        try (Connection otherAgent = TestPostgres.server().connect(database.orElseThrow())) {
            lock(otherAgent, tenant);

            // when the same tenant's run reaches this agent
            UUID runId = coordinator.runTenant(tenant, planId, "0001");

            // then after the lock wait it reports the run busy elsewhere, not failed, and runs nothing
            var run = events.awaitFinished(runId);
            assertThat(EventLog.types(run)).containsExactly(MessageTypes.RUN_FINISHED);
            RunFinished finished = EventLog.payloads(run, RunFinished.class).getFirst();
            assertThat(finished.outcome()).isEqualTo(RunOutcome.BUSY);
            assertThat(finished.message()).contains("busy elsewhere");
            assertThat(schema(tenant).history()).isEmpty();
            assertThat(schema(tenant).hasTable("while_busy")).isFalse();
        }
    }

    /** Takes the tenant's lock as an agent does (session level, released when the connection closes). */
    private static void lock(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement s =
                connection.prepareStatement("select pg_advisory_lock(hashtextextended('flotilla.tenant:' || ?, 0))")) {
            s.setString(1, tenant);
            s.execute();
        }
    }
}
