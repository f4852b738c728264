package dev.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose/docker-compose.yml: the parts the whole set-up needs are there, and every file it
 * mounts or builds from exists. docker-compose's own schema check runs in deploy/check.
 */
class ComposeFileTest {

    private static final Path DIR = Path.of("compose");
    private static JsonNode services;

    @BeforeAll
    static void read() throws IOException {
        // SnakeYAML applies the file's << merge keys (the shared coordinator and agent settings)
        Object loaded = new Yaml().load(Files.readString(DIR.resolve("docker-compose.yml")));
        services = Manifests.YAML.valueToTree(loaded).path("services");
    }

    @Test
    void shouldRunKafkaPostgresTwoCoordinatorsTwoSitesPrometheusAndGrafana() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .contains(
                        "kafka",
                        "postgres",
                        "coordinator-1",
                        "coordinator-2",
                        "agent-eu",
                        "agent-us",
                        "prometheus",
                        "grafana");
        assertThat(services.at("/kafka/environment/KAFKA_PROCESS_ROLES").asText())
                .isEqualTo("broker,controller");
        assertThat(List.of(
                        services.at("/agent-eu/environment/FLOTILLA_AGENT_SITE").asText(),
                        services.at("/agent-us/environment/FLOTILLA_AGENT_SITE").asText()))
                .containsExactly("eu", "us");
        assertThat(services.at("/coordinator-1/image").asText())
                .isNotBlank()
                .isEqualTo(services.at("/coordinator-2/image").asText());
        assertThat(services.at("/agent-eu/image").asText()).isNotBlank();
        assertThat(services.at("/coordinator-1/environment/FLOTILLA_PLANS_SIGNING_KEY")
                        .asText())
                .isEqualTo("/keys/plan-key.pem");
        // an agent gets the public key only: it must not be able to sign plans
        assertThat(services.at("/agent-eu/volumes").toString()).doesNotContain("plan-keys:");
        assertThat(services.at("/kafka/environment/KAFKA_AUTO_CREATE_TOPICS_ENABLE")
                        .asText())
                .isEqualTo("false");
    }

    @Test
    void shouldMountAndBuildOnlyFilesThatExist() {
        List<String> checked = new ArrayList<>();
        services.fields().forEachRemaining(service -> {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(DIR.resolve(source))
                            .as(service.getKey() + " mounts " + source)
                            .exists();
                    checked.add(service.getKey() + " " + source);
                }
            }
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = DIR.resolve(build.path("context").asText());
                assertThat(context.resolve(build.path("dockerfile").asText()))
                        .as(service.getKey() + " builds from")
                        .exists();
                checked.add(service.getKey() + " build");
            }
        });
        assertThat(checked).contains("coordinator-1 ../../migrations", "coordinator-2 build", "agent-us build");
    }
}
