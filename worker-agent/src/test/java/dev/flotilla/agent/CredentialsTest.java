package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Tenant credentials stay in the agent: nothing it publishes carries them. */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class CredentialsTest extends AgentIntegrationTest {

    @ConfigProperty(name = "flotilla.agent.postgres.password")
    String password;

    @ConfigProperty(name = "flotilla.agent.postgres.host")
    String host;

    @ConfigProperty(name = "flotilla.agent.postgres.port")
    int port;

    @Test
    void shouldNeverPublishThePasswordWhenRunsSucceedFailAndInventoriesAreReported() {
        // given an agent configured with a password, that has run a good and a failing step
        assertThat(password).isNotBlank();
        String tenant = servedTenant("tenant_0008");
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_secrets", "create table secrets (id int);"),
                Steps.transactional("0002", "broken", "select * from no_such_table;")));
        UUID runId = coordinator.runTenant(tenant, planId, "0001", "0002");
        assertThat(EventLog.payloads(events.awaitFinished(runId), RunFinished.class))
                .extracting(RunFinished::outcome)
                .containsExactly(RunOutcome.FAILED);

        // when every tenant's inventory is requested
        coordinator.reportInventory(null);
        Inventory reported = events.awaitInventory(tenant, i -> !i.applied().isEmpty());
        assertThat(reported.applied()).hasSize(1);

        // then neither events nor heartbeats carry the password or the server's address
        List<ConsumerRecord<String, byte[]>> published = events.records();
        try (EventLog heartbeats = new EventLog(bootstrapServers, Topics.AGENTS)) {
            List<ConsumerRecord<String, byte[]>> beats =
                    await().atMost(EventLog.TIMEOUT).pollInSameThread().until(heartbeats::records, r -> !r.isEmpty());
            assertThat(beats).isNotEmpty();
            published = Stream.concat(published.stream(), beats.stream()).toList();
        }
        assertThat(published).hasSizeGreaterThan(AgentTestResources.TENANTS);
        assertThat(published)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .allSatisfy(json -> assertThat(json)
                        .doesNotContain(password)
                        .doesNotContainIgnoringCase("\"password\"")
                        .doesNotContain(host + ":" + port));
    }
}
