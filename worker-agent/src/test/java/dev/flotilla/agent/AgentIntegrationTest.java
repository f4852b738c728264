package dev.flotilla.agent;

import dev.flotilla.model.wire.Topics;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the agent's integration tests share: a stand-in coordinator that publishes plans and commands,
 * the events topic read from its start, and JDBC access to the tenants. Each test uses its own tenant.
 */
abstract class AgentIntegrationTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** The schema-per-tenant tenants' database; empty when each tenant is a database of its own. */
    @ConfigProperty(name = "flotilla.agent.tenants.database")
    Optional<String> database;

    FakeCoordinator coordinator;
    EventLog events;

    @BeforeEach
    void connect() {
        coordinator = new FakeCoordinator(bootstrapServers, AgentTestResources.SITE);
        events = new EventLog(bootstrapServers, Topics.EVENTS);
    }

    @AfterEach
    void disconnect() {
        events.close();
        coordinator.close();
    }

    /** Waits until the agent has announced the tenant (its start-up inventory); returns the tenant. */
    String servedTenant(String tenant) {
        events.awaitInventory(tenant, inventory -> true);
        return tenant;
    }

    TenantSchema schema(String tenant) {
        return new TenantSchema(database.orElseThrow(), tenant);
    }
}
