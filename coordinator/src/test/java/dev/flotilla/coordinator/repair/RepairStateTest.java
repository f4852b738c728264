package dev.flotilla.coordinator.repair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.wire.RepairOutcome;
import org.junit.jupiter.api.Test;

class RepairStateTest {

    @Test
    void shouldEndOnlyARequestedRepairAndOnlyOnce() {
        assertThat(RepairState.REQUESTED.next())
                .containsExactlyInAnyOrder(RepairState.SUCCEEDED, RepairState.REFUSED, RepairState.FAILED);
        for (RepairState state : RepairState.values()) {
            if (state != RepairState.REQUESTED) {
                assertThat(state.next()).as("%s", state).isEmpty();
                assertThat(state.ended()).isTrue();
            }
        }
    }

    @Test
    void shouldKeepEachStatesCodeAndReadAnUnknownOneAsUnknown() {
        for (RepairState state : RepairState.values()) {
            assertThat(RepairState.fromCode(state.code())).isEqualTo(state);
        }
        assertThat(RepairState.fromCode(42)).isEqualTo(RepairState.UNKNOWN);
    }

    @Test
    void shouldEndInTheStateTheAgentReports() {
        for (RepairOutcome outcome : RepairOutcome.values()) {
            assertThat(RepairState.of(outcome).name()).isEqualTo(outcome.name());
        }
    }
}
