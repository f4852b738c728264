package dev.flotilla.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.testkit.TestInfrastructure.Kind;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TestInfrastructureTest {

    @Test
    void shouldUseContainersWhenAskedAndDockerAnswers() {
        assertThat(TestInfrastructure.choose("containers", () -> true)).isEqualTo(Kind.CONTAINERS);
        assertThat(TestInfrastructure.choose(" Containers ", () -> true)).isEqualTo(Kind.CONTAINERS);
    }

    @Test
    void shouldFallBackToTheLocalInfrastructureWhenAskedForContainersAndNoDockerAnswers() {
        assertThat(TestInfrastructure.choose("containers", () -> false)).isEqualTo(Kind.LOCAL);
    }

    @Test
    void shouldUseTheLocalInfrastructureWithoutAskingDockerWhenNotAskedForContainers() {
        AtomicBoolean asked = new AtomicBoolean();
        for (String setting : new String[] {null, "", "local", "LOCAL"}) {
            assertThat(TestInfrastructure.choose(setting, () -> {
                        asked.set(true);
                        return true;
                    }))
                    .as(String.valueOf(setting))
                    .isEqualTo(Kind.LOCAL);
        }
        assertThat(asked).isFalse();
    }

    @Test
    void shouldNameTheAllowedValuesWhenTheSettingIsUnknown() {
        assertThatThrownBy(() -> TestInfrastructure.choose("docker", () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FLOTILLA_TEST_INFRA must be local or containers")
                .hasMessageContaining("docker");
    }
}
