package dev.flotilla.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

    @Test
    void shouldPassOnOnlyTheSessionBasicsWhenTheShellSetsMore() {
        Map<String, String> shell = Map.of(
                "PATH", "/usr/bin:/bin",
                "HOME", "/home/op",
                "LANG", "C.UTF-8",
                "QUARKUS_HTTP_PORT", "9999",
                "KAFKA_HEAP_OPTS", "-Xmx8g",
                "JAVA_TOOL_OPTIONS", "-agentlib:jdwp=transport=dt_socket",
                "FLOTILLA_AGENT_SITE", "elsewhere");

        Map<String, String> passed = ChildEnvironment.select(shell);

        assertThat(passed)
                .containsExactly(
                        Map.entry("HOME", "/home/op"),
                        Map.entry("LANG", "C.UTF-8"),
                        Map.entry("PATH", "/usr/bin:/bin"));
    }
}
