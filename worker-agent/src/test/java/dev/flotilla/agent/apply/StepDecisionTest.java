package dev.flotilla.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.history.HistoryEntry;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.PlanStep;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepDecisionTest {

    private static final PlanStep FIRST = step("0001");
    private static final PlanStep THIRD = step("0003");
    private static final Map<Version, HistoryEntry> DIRTY_AT_SECOND = Map.of(
            Version.of("0001"), entry("0001", "applied"),
            Version.of("0002"), entry("0002", "dirty"));

    @Test
    void shouldRefuseAStepOfAnotherVersionWhenTheTenantIsDirty() {
        // when
        StepDecision decision = StepDecision.decide(DIRTY_AT_SECOND, THIRD, Direction.UP);

        // then
        assertThat(decision).isInstanceOfSatisfying(StepDecision.Refuse.class, refuse -> {
            assertThat(refuse.code()).isEqualTo(FailureCode.DIRTY);
            assertThat(refuse.dirty()).isTrue();
            assertThat(refuse.message()).contains("0002");
        });
    }

    @Test
    void shouldStillReportAnAppliedStepDoneWhenTheTenantIsDirty() {
        // when
        StepDecision decision = StepDecision.decide(DIRTY_AT_SECOND, FIRST, Direction.UP);

        // then
        assertThat(decision).isEqualTo(new StepDecision.AlreadyDone(FIRST.upChecksum()));
    }

    @Test
    void shouldRunAStepWhenNoVersionIsDirty() {
        // given
        Map<Version, HistoryEntry> clean = Map.of(Version.of("0001"), entry("0001", "applied"));

        // when
        StepDecision decision = StepDecision.decide(clean, THIRD, Direction.UP);

        // then
        assertThat(decision).isInstanceOf(StepDecision.Run.class);
    }

    private static PlanStep step(String version) {
        return new PlanStep(
                Version.of(version), "m" + version, "select 1", "sum-" + version, true, null, null, true, null, null);
    }

    private static HistoryEntry entry(String version, String state) {
        return new HistoryEntry(version, "m" + version, "sum-" + version, "up", state, Instant.EPOCH);
    }
}
