package dev.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes: valid objects, and objects that fit together (selectors, ports, probes, names). */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("kubernetes");
    private static final List<Manifests.Parsed> PARSED = new ArrayList<>();
    private static String configComments;

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.sorted().toList()) {
                if (file.getFileName().toString().endsWith(".yaml")
                        && !file.getFileName().toString().equals("kustomization.yaml")) {
                    PARSED.addAll(Manifests.read(file.toString(), Files.readString(file)));
                }
            }
        }
        configComments = Files.readString(DIR.resolve("config.yaml"));
    }

    @Test
    void shouldHoldOnlyKubernetesObjectsWithTheFieldsTheirSchemaHas() {
        assertThat(PARSED).isNotEmpty();
        assertThat(PARSED.stream().flatMap(p -> p.problems().stream())).isEmpty();
        assertThat(PARSED).allSatisfy(p -> assertThat(p.object().getMetadata().getName())
                .as(p.source())
                .isNotBlank());
    }

    @Test
    void shouldReportAFieldTheSchemaDoesNotHaveAndAKindItDoesNotKnow() {
        List<Manifests.Parsed> typo = Manifests.read("typo.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replica: 2
                  template:
                    spec:
                      containers: [{name: c, image: i, readinessProbe: {httpGet: {pth: /q/health/ready, port: 8080}}}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: y}
                """);

        assertThat(typo.get(0).problems())
                .anySatisfy(p -> assertThat(p).contains("spec: no such field [replica]"))
                .anySatisfy(p -> assertThat(p).contains("httpGet: no such field [pth]"));
        assertThat(typo.get(1).problems()).singleElement().asString().contains("kind v1/Pod is not one of");
    }

    @Test
    void shouldReportAScalarOfTheWrongTypeAsTheApiServerWould() {
        List<Manifests.Parsed> wrong = Manifests.read("types.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers: [{name: c, image: i, ports: [{name: http, containerPort: "8081"}]}]
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: y}
                data:
                  ENABLED: true
                """);

        assertThat(wrong)
                .allSatisfy(p -> assertThat(p.problems()).as(p.source()).isNotEmpty());
    }

    @Test
    void shouldListEveryManifestInTheKustomization() throws IOException {
        List<String> listed = new ArrayList<>();
        Manifests.YAML
                .readTree(DIR.resolve("kustomization.yaml").toFile())
                .path("resources")
                .forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(listed)
                    .containsExactlyInAnyOrderElementsOf(
                            files.map(f -> f.getFileName().toString())
                                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                                    .toList());
        }
    }

    @Test
    void shouldRunTwoCoordinatorsAndAnAgentPerSiteEachWithHealthProbesOnItsOwnPort() {
        List<Deployment> deployments = objects(Deployment.class);
        Deployment coordinator = named(deployments, "flotilla-coordinator");
        assertThat(coordinator.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployments)
                .extracting(d -> d.getMetadata().getName())
                .contains("flotilla-agent-eu", "flotilla-agent-us");
        for (Deployment deployment : deployments) {
            Container container =
                    deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getImage())
                    .as(deployment.getMetadata().getName())
                    .startsWith("flotilla/");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            assertThat(container.getPorts()).extracting(p -> p.getName()).contains("http");
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        }
    }

    @Test
    void shouldSelectPodsThatExistFromEveryServiceAndServicesThatExistFromTheMonitor() {
        List<Map<String, String>> podLabels = objects(Deployment.class).stream()
                .map(d -> d.getSpec().getTemplate().getMetadata().getLabels())
                .toList();
        List<Service> services = objects(Service.class);
        for (Service service : services) {
            assertThat(podLabels)
                    .as(service.getMetadata().getName() + " selects some pods")
                    .anySatisfy(labels -> assertThat(labels)
                            .containsAllEntriesOf(service.getSpec().getSelector()));
            assertThat(service.getSpec().getPorts())
                    .extracting(p -> p.getName())
                    .contains("http");
        }
        ServiceMonitor monitor = objects(ServiceMonitor.class).getFirst();
        assertThat(services)
                .filteredOn(s -> s.getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(
                                monitor.getSpec().getSelector().getMatchLabels().entrySet()))
                .extracting(s -> s.getMetadata().getName())
                .contains("flotilla-coordinator", "flotilla-agents");
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getPort()).isEqualTo("http");
            assertThat(e.getPath()).isEqualTo("/q/metrics");
        });
    }

    @Test
    void shouldNameEverySecretAndConfigMapItUsesAndSayHowToCreateThoseItDoesNotHold() {
        List<String> held = PARSED.stream()
                .map(Manifests.Parsed::object)
                .filter(o -> o.getKind().equals("ConfigMap") || o.getKind().equals("Secret"))
                .map(o -> o.getMetadata().getName())
                .toList();
        for (Deployment deployment : objects(Deployment.class)) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            List<String> used = new ArrayList<>();
            pod.getVolumes().forEach(v -> {
                if (v.getSecret() != null) {
                    used.add(v.getSecret().getSecretName());
                }
                if (v.getConfigMap() != null) {
                    used.add(v.getConfigMap().getName());
                }
            });
            pod.getContainers().forEach(c -> {
                if (c.getEnvFrom() != null) {
                    c.getEnvFrom().forEach(e -> used.add(e.getConfigMapRef().getName()));
                }
                c.getEnv().stream()
                        .filter(e ->
                                e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                        .forEach(
                                e -> used.add(e.getValueFrom().getSecretKeyRef().getName()));
            });
            for (String name : used) {
                assertThat(held.contains(name)
                                || configComments.contains("create secret generic " + name)
                                || configComments.contains("create configmap " + name))
                        .as(deployment.getMetadata().getName() + " uses " + name)
                        .isTrue();
            }
        }
    }

    private static <T extends HasMetadata> List<T> objects(Class<T> type) {
        return PARSED.stream()
                .map(Manifests.Parsed::object)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static Deployment named(List<Deployment> deployments, String name) {
        return deployments.stream()
                .filter(d -> d.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
