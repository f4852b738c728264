package dev.flotilla.coordinator.repair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.wire.RepairOutcome;
import org.junit.jupiter.api.Test;

class RepairStateTest {

    @Test
    void shouldEndARequestedRepairOnceAndStillTakeALateReportWhenUnanswered() {
        assertThat(RepairState.REQUESTED.next())
                .containsExactlyInAnyOrder(
                        RepairState.SUCCEEDED, RepairState.REFUSED, RepairState.FAILED, RepairState.UNANSWERED);
        assertThat(RepairState.UNANSWERED.next())
                .containsExactlyInAnyOrder(RepairState.SUCCEEDED, RepairState.REFUSED, RepairState.FAILED);
        for (RepairState state : RepairState.values()) {
            boolean awaits = state == RepairState.REQUESTED || state == RepairState.UNANSWERED;
            assertThat(state.awaitsReport()).as("%s", state).isEqualTo(awaits);
            if (!awaits) {
                assertThat(state.next()).as("%s", state).isEmpty();
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
            // UNANSWERED is the coordinator's own verdict, never an agent's outcome
            assertThat(RepairState.of(outcome).name()).isEqualTo(outcome.name());
        }
    }
}
