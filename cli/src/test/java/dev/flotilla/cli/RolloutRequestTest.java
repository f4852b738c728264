package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutRequestTest {

    @Test
    void shouldAskForAllTenantsWhenNoListIsGiven() {
        Map<String, Object> body = new RolloutRequest("0010", null, 4).toJson();

        assertThat(body)
                .containsEntry("target", Map.of("version", "0010"))
                .containsEntry("tenants", "all")
                .containsEntry("maxParallel", 4);
    }

    @Test
    void shouldLeaveMaxParallelToTheCoordinatorWhenNotGiven() {
        Map<String, Object> body = new RolloutRequest("0010", List.of("tenant_0001", "eu-7"), null).toJson();

        assertThat(body).doesNotContainKey("maxParallel").containsEntry("tenants", List.of("tenant_0001", "eu-7"));
    }

    @Test
    void shouldRejectAVersionWhenItIsNotDigits() {
        assertThatThrownBy(() -> new RolloutRequest("v10", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--to");
    }

    @Test
    void shouldRejectATenantIdWhenItBreaksThePattern() {
        assertThatThrownBy(() -> new RolloutRequest("0010", List.of("tenant_0001", "Tenant 2"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Tenant 2'");
    }

    @Test
    void shouldRejectMaxParallelWhenOutsideTheApiRange() {
        assertThatThrownBy(() -> new RolloutRequest("0010", null, 0)).hasMessageContaining("--max-parallel");
        assertThatThrownBy(() -> new RolloutRequest("0010", null, 1001)).hasMessageContaining("--max-parallel");
    }
}
