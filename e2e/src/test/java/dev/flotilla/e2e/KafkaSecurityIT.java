package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.testkit.Fleet;
import dev.flotilla.testkit.KafkaBroker;
import dev.flotilla.testkit.PgServer;
import dev.flotilla.testkit.PlanKeys;
import dev.flotilla.testkit.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The services against a broker that wants SASL (docs/security.md, "Kafka"): with a wrong password
 * the coordinator fails closed, refusing to start and saying why; with the right one the coordinator
 * (its channels and its admin client, which creates the topics) and an agent work as usual.
 */
class KafkaSecurityIT {

    private static final Path MIGRATIONS =
            Path.of(System.getProperty("flotilla.root", "..")).resolve("migrations");

    @Test
    void shouldRefuseToStartWithAWrongKafkaPasswordAndWorkWithTheRightOne() throws Exception {
        PgServer pg = TestPostgres.server();
        List<AutoCloseable> opened = new ArrayList<>();
        String coordinatorDb = pg.createDatabase("ft_sasl_coord");
        String fleetDb = pg.createDatabase("ft_sasl_fleet");
        try (KafkaBroker broker = KafkaBroker.startWithSasl();
                PlanKeys keys = PlanKeys.create()) {
            List<String> tenants = Fleet.createSchemas(pg, fleetDb, 2);

            // when the coordinator logs in with a wrong password
            ServiceProcess refused = ServiceProcess.start(
                    "coordinator-sasl-wrong",
                    "coordinator",
                    coordinator(pg, coordinatorDb, broker, keys, KafkaBroker.SASL_PASSWORD + "-wrong"));
            opened.add(refused);

            // then it does not start, and its log says why
            await("the coordinator with a wrong Kafka password exiting")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !refused.alive());
            assertThat(refused.logSinceStart())
                    .contains("cannot list Kafka topics")
                    .containsIgnoringCase("authentication failed");

            // when it logs in with the right one, and so does an agent
            Map<String, String> right = coordinator(pg, coordinatorDb, broker, keys, KafkaBroker.SASL_PASSWORD);
            ServiceProcess coordinator = ServiceProcess.start("coordinator-sasl", "coordinator", right);
            opened.add(coordinator);
            coordinator.awaitReady();
            Map<String, String> agentSettings = new HashMap<>(Map.of(
                    "quarkus.http.port", Integer.toString(ServiceProcess.freePort()),
                    "kafka.bootstrap.servers", broker.bootstrapServers(),
                    "flotilla.agent.id", "agent-sasl",
                    "flotilla.agent.site", "site-sasl",
                    "flotilla.agent.tenants.database", fleetDb,
                    "flotilla.agent.tenants.schemas", String.join(",", tenants),
                    "flotilla.agent.postgres.host", pg.host(),
                    "flotilla.agent.postgres.port", Integer.toString(pg.port()),
                    "flotilla.agent.postgres.user", pg.user(),
                    "flotilla.agent.trusted-plan-key", keys.publicKey().toString()));
            kafka(agentSettings, KafkaBroker.SASL_PASSWORD);
            ServiceProcess agent = ServiceProcess.start("agent-sasl", "worker-agent", agentSettings);
            opened.add(agent);
            agent.awaitReady();

            // then the agent's heartbeat and inventories reach the coordinator through the broker
            Api api = new Api(Integer.parseInt(right.get("quarkus.http.port")));
            await("the agent and its tenants known to the coordinator")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        JsonNode agents = api.get("/api/agents");
                        return agents.size() == 1
                                && agents.get(0).get("id").asText().equals("agent-sasl")
                                && api.get("/api/tenants").size() == tenants.size();
                    });
        } finally {
            for (AutoCloseable process : opened) {
                process.close();
            }
            pg.dropDatabase(coordinatorDb);
            pg.dropDatabase(fleetDb);
        }
    }

    private static Map<String, String> coordinator(
            PgServer pg, String database, KafkaBroker broker, PlanKeys keys, String password) throws Exception {
        Map<String, String> settings = new HashMap<>(pg.datasourceSettings(database));
        settings.put("quarkus.http.port", Integer.toString(ServiceProcess.freePort()));
        settings.put("kafka.bootstrap.servers", broker.bootstrapServers());
        settings.put("flotilla.migrations.dir", MIGRATIONS.toAbsolutePath().toString());
        settings.put("flotilla.plans.signing-key", keys.privateKey().toString());
        settings.put("flotilla.auth.bootstrap-token", Api.BOOTSTRAP);
        kafka(settings, password);
        return settings;
    }

    private static void kafka(Map<String, String> settings, String password) {
        KafkaBroker.saslClient(KafkaBroker.SASL_USER, password)
                .forEach((key, value) -> settings.put("kafka." + key, value));
    }
}
