package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.tenants.TenantPools;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.testkit.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tenant sessions start with the agent's PostgreSQL settings and TCP keepalive, and tenant pools do
 * not hold connections they do not use: idle ones are closed (2s in these tests) and a pool unused
 * for 3s is forgotten.
 */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class TenantSessionsTest extends AgentIntegrationTest {

    private static final String APPLICATION = "flotilla-agent-" + AgentTestResources.AGENT_ID;

    @Inject
    TenantPools pools;

    @Test
    void shouldRunStepsUnderTheConfiguredSessionTimeoutsWhenTheAgentOpensATenantSession() {
        // given a step that writes down its own session's settings
        String tenant = servedTenant("tenant_0048");
        String planId = coordinator.publishPlan(List.of(Steps.transactional(
                "0001",
                "record_settings",
                "create table session_settings as select"
                        + " current_setting('idle_in_transaction_session_timeout') as idle,"
                        + " current_setting('client_connection_check_interval') as check_interval;")));

        // when
        succeeded(coordinator.runTenant(tenant, planId, "0001"));

        // then
        assertThat(schema(tenant).text("select idle from session_settings")).isEqualTo("7min");
        assertThat(schema(tenant).text("select check_interval from session_settings"))
                .isEqualTo("5s");
    }

    @Test
    void shouldUseTcpKeepaliveOnTheSocketWhenASessionRunsAStep() throws Exception {
        // given a step that runs for a while
        String tenant = servedTenant("tenant_0049");
        String planId =
                coordinator.publishPlan(List.of(Steps.transactional("0001", "sleep_a_while", "select pg_sleep(6.5);")));
        UUID run = coordinator.runTenant(tenant, planId, "0001");

        // when it runs
        int port = await().atMost(EventLog.TIMEOUT)
                .until(() -> clientPortRunning("pg_sleep(6.5)"), Optional::isPresent)
                .orElseThrow();

        // then the agent's end of its connection has a keepalive timer
        assertThat(socketTimers(port)).contains("keepalive");
        succeeded(run);
    }

    @Test
    void shouldCloseIdleConnectionsAndForgetTheUnusedPoolWhenNothingRuns() {
        // given the agent used a tenant connection
        String tenant = servedTenant("tenant_0050");
        String planId = coordinator.publishPlan(
                List.of(Steps.transactional("0001", "create_used", "create table used (id int);")));
        succeeded(coordinator.runTenant(tenant, planId, "0001"));

        // then within seconds it holds no connection to the tenants' database, and no pool for it
        await().atMost(EventLog.TIMEOUT).until(() -> agentConnections() == 0 && pools.open() == 0);
    }

    private void succeeded(UUID run) {
        assertThat(EventLog.payloads(events.awaitFinished(run), RunFinished.class)
                        .getFirst()
                        .outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
    }

    /** The agent's port of the session running a statement that contains {@code text}. */
    private Optional<Integer> clientPortRunning(String text) throws SQLException {
        try (Connection c = TestPostgres.server().connect(database.orElseThrow());
                PreparedStatement s = c.prepareStatement("select client_port from pg_stat_activity"
                        + " where state = 'active' and application_name = ? and position(? in query) > 0")) {
            s.setString(1, APPLICATION);
            s.setString(2, text);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    private long agentConnections() throws SQLException {
        try (Connection c = TestPostgres.server().connect(database.orElseThrow());
                PreparedStatement s = c.prepareStatement(
                        "select count(*) from pg_stat_activity where application_name = ? and datname = current_database()")) {
            s.setString(1, APPLICATION);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** What {@code ss} says of the timers of the established TCP socket with this local port. */
    private static String socketTimers(int port) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-tnoH", "state", "established", "( sport = :" + port + " )")
                .redirectErrorStream(true)
                .start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor()).as("ss exit code, output: %s", out).isZero();
        assertThat(out).as("a socket with local port %d", port).isNotBlank();
        return out;
    }
}
