package dev.flotilla.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceCommandsTest {

    private static final HostPort PG = new HostPort("127.0.0.1", 5432);

    @Test
    void shouldPointTheCoordinatorAtItsDatabaseBrokerCatalogAndSigningKey() {
        List<String> command = ServiceCommands.coordinator(
                "java",
                Path.of("/f/coordinator.jar"),
                8080,
                "127.0.0.1:9092",
                PG,
                Path.of("/f/migrations"),
                Path.of("/f/state/plan-signing.pem"),
                Path.of("/f/state/token"));

        assertThat(command)
                .startsWith("java")
                .endsWith("-jar", "/f/coordinator.jar")
                .contains(
                        "-Dquarkus.http.port=8080",
                        "-Dflotilla.auth.bootstrap-token-file=/f/state/token",
                        "-Dkafka.bootstrap.servers=127.0.0.1:9092",
                        "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/flotilla_coordinator",
                        "-Dquarkus.datasource.username=postgres",
                        "-Dflotilla.migrations.dir=/f/migrations",
                        "-Dflotilla.plans.signing-key=/f/state/plan-signing.pem");
    }

    @Test
    void shouldGiveAnAgentItsSiteExactlyItsSchemasAndTheKeyItTrusts() {
        List<String> command = ServiceCommands.agent(
                "java",
                Path.of("/f/agent.jar"),
                40001,
                "127.0.0.1:9092",
                2,
                List.of("tenant_0002", "tenant_0004"),
                6,
                new HostPort("db", 6543),
                Path.of("/f/state/plan-trusted.pem"));

        assertThat(command)
                .endsWith("-jar", "/f/agent.jar")
                .contains(
                        "-Dquarkus.http.port=40001",
                        "-Dflotilla.agent.id=agent-site-2",
                        "-Dflotilla.agent.site=site-2",
                        "-Dflotilla.agent.capacity=6",
                        "-Dflotilla.agent.tenants.database=flotilla_fleet",
                        "-Dflotilla.agent.tenants.schemas=tenant_0002,tenant_0004",
                        "-Dflotilla.agent.postgres.host=db",
                        "-Dflotilla.agent.postgres.port=6543",
                        "-Dflotilla.agent.trusted-plan-key=/f/state/plan-trusted.pem");
    }
}
