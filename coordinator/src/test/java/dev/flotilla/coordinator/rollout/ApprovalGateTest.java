package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.coordinator.plan.WaveSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ApprovalGateTest {

    private static final Instant CREATED = Instant.parse("2025-05-01T08:00:00Z");
    private static final Instant CANARY_DONE = CREATED.plus(Duration.ofHours(1));
    private static final Duration SOAK = Duration.ofMinutes(30);
    private static final Instant SOAKED = CANARY_DONE.plus(SOAK);

    private static final Wave CANARY_DONE_WAVE =
            new Wave(0, spec("canary", false), CREATED, CANARY_DONE, null, null, null);
    private static final Wave GATED = new Wave(1, spec("everyone", true), null, null, null, null, null);

    private static WaveSpec spec(String name, boolean approval) {
        return new WaveSpec(name, "*", OptionalInt.empty(), SOAK, approval);
    }

    @Test
    void shouldWaitSinceTheRolloutWasCreatedWhenItsFirstWaveNeedsAnApproval() {
        // given
        List<Wave> waves = List.of(new Wave(0, spec("gated", true), null, null, null, null, null));
        Instant now = CREATED.plus(Duration.ofMinutes(5));

        // when / then
        assertThat(ApprovalGate.of(0, waves, now)).contains(waves.getFirst());
        assertThat(ApprovalGate.waitingSince(0, waves, CREATED, now)).contains(CREATED);
    }

    @Test
    void shouldWaitSinceThePreviousWaveSoakedWhenTheNextWaveNeedsAnApproval() {
        // given
        List<Wave> waves = List.of(CANARY_DONE_WAVE, GATED);
        Instant now = SOAKED.plus(Duration.ofMinutes(7));

        // when / then
        assertThat(ApprovalGate.of(0, waves, now)).contains(GATED);
        assertThat(ApprovalGate.waitingSince(0, waves, CREATED, now)).contains(SOAKED);
    }

    @Test
    void shouldNotBeWaitingWhileThePreviousWaveStillSoaksThoughItsSuccessorMayBeApproved() {
        // given
        List<Wave> waves = List.of(CANARY_DONE_WAVE, GATED);
        Instant now = SOAKED.minusSeconds(1);

        // when / then
        assertThat(ApprovalGate.of(0, waves, now)).contains(GATED);
        assertThat(ApprovalGate.waitingSince(0, waves, CREATED, now)).isEmpty();
    }

    @Test
    void shouldNotBeWaitingWhenTheCurrentWaveRunsOrTheNextIsApprovedOrNeedsNoApproval() {
        // given
        Wave running = new Wave(0, spec("canary", false), CREATED, null, null, null, null);
        Wave approved = new Wave(1, spec("everyone", true), null, null, "carol", SOAKED, null);
        Wave ungated = new Wave(1, spec("everyone", false), null, null, null, null, null);

        // then
        assertThat(ApprovalGate.waitingSince(0, List.of(running, GATED), CREATED, SOAKED))
                .isEmpty();
        assertThat(ApprovalGate.waitingSince(0, List.of(CANARY_DONE_WAVE, approved), CREATED, SOAKED))
                .isEmpty();
        assertThat(ApprovalGate.waitingSince(0, List.of(CANARY_DONE_WAVE, ungated), CREATED, SOAKED))
                .isEmpty();
        assertThat(ApprovalGate.waitingSince(0, List.of(CANARY_DONE_WAVE), CREATED, SOAKED))
                .as("the last wave is done")
                .isEmpty();
    }
}
