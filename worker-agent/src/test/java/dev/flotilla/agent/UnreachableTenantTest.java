package dev.flotilla.agent;

import static dev.flotilla.model.wire.MessageTypes.RUN_FINISHED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.TenantSchema.HistoryRow;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.testkit.TcpProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant database the agent cannot reach is retried with backoff; a short outage only delays the
 * run, a long one fails it as unreachable, never as a SQL error.
 */
@QuarkusTest
@WithTestResource(UnreachableTenantTestResources.class)
class UnreachableTenantTest extends AgentIntegrationTest {

    private static final String CREATE = "create table reached (id int);";

    @AfterEach
    void reconnect() {
        proxy().restore();
    }

    @Test
    void shouldFailTheRunAsUnreachableWhenEveryAttemptFails() {
        // given
        String tenant = servedTenant("tenant_0001");
        String planId = coordinator.publishPlan(List.of(Steps.transactional("0001", "create_reached", CREATE)));

        // when the network to PostgreSQL is cut for longer than the retries last
        proxy().cut();
        UUID runId = coordinator.runTenant(tenant, planId, "0001");

        // then the run fails, saying why, with no step reported
        List<Envelope<Payload>> run = events.awaitFinished(runId);
        assertThat(EventLog.types(run)).containsExactly(RUN_FINISHED);
        RunFinished finished = EventLog.payloads(run, RunFinished.class).getFirst();
        assertThat(finished.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(finished.message()).startsWith("tenant database unreachable after 4 attempts");
        proxy().restore();
        assertThat(schema(tenant).hasTable("reached")).isFalse();
    }

    @Test
    void shouldApplyTheRunWhenTheDatabaseComesBackWithinTheRetries() {
        // given
        String tenant = servedTenant("tenant_0002");
        String planId = coordinator.publishPlan(List.of(Steps.transactional("0001", "create_reached", CREATE)));

        // when the network is cut, the run tries to connect, and the network comes back
        proxy().cut();
        int refusedBefore = proxy().refused();
        UUID runId = coordinator.runTenant(tenant, planId, "0001");
        await().until(() -> proxy().refused() > refusedBefore);
        proxy().restore();

        // then the run goes through as if nothing happened
        assertThat(EventLog.payloads(events.awaitFinished(runId), RunFinished.class)
                        .getFirst()
                        .outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(schema(tenant).history()).extracting(HistoryRow::version).containsExactly("0001");
    }

    private static TcpProxy proxy() {
        return UnreachableTenantTestResources.proxy;
    }
}
