package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NoticeTest {

    private static final UUID ROLLOUT = UUID.fromString("6d1e9a2b-aaaa-4bbb-8ccc-dddd00001111");

    @Test
    void shouldTellOfAHaltAnApprovalAwaitedAndTheEndOfARolloutAndOfNothingElse() {
        assertThat(Notice.of(ROLLOUT, false, new Change.RolloutMoved(RolloutState.HALTED, "wave canary: 1 failed")))
                .contains(new Notice(Notice.Kind.ROLLOUT_HALTED, ROLLOUT, null, null, null, "wave canary: 1 failed"));
        assertThat(Notice.of(ROLLOUT, false, new Change.ApprovalAwaited("rest")))
                .contains(new Notice(Notice.Kind.APPROVAL_WAITING, ROLLOUT, "rest", null, null, null));
        assertThat(Notice.of(ROLLOUT, false, new Change.RolloutMoved(RolloutState.COMPLETED, null)))
                .map(Notice::kind)
                .contains(Notice.Kind.ROLLOUT_COMPLETED);
        assertThat(Notice.of(ROLLOUT, true, new Change.RolloutMoved(RolloutState.COMPLETED, null)))
                .map(Notice::kind)
                .contains(Notice.Kind.ROLLOUT_ROLLED_BACK);
        for (Change quiet : List.<Change>of(
                new Change.RolloutMoved(RolloutState.PAUSED, "paused by bob"),
                new Change.RolloutMoved(RolloutState.CANCELLED, null),
                new Change.Waiting("wave rest waits for approval", null),
                new Change.WaveStarted(1, "rest"),
                new Change.WaveDone(0, Instant.EPOCH),
                new Change.RunsDispatched(List.of(UUID.randomUUID())))) {
            assertThat(Notice.of(ROLLOUT, false, quiet)).as(quiet.toString()).isEmpty();
        }
    }

    @Test
    void shouldSendAnApprovalOncePerWaveAndAFailureOncePerRunAndTheRestEachTime() {
        UUID run = UUID.randomUUID();

        assertThat(new Notice(Notice.Kind.APPROVAL_WAITING, ROLLOUT, "rest", null, null, null).onceKey())
                .isEqualTo("approval-waiting/" + ROLLOUT + "/rest")
                .isNotEqualTo(new Notice(Notice.Kind.APPROVAL_WAITING, ROLLOUT, "beta", null, null, null).onceKey());
        assertThat(Notice.tenantFailed(ROLLOUT, "tenant_0007", run, "boom").onceKey())
                .isEqualTo("tenant-failed/" + run);
        assertThat(new Notice(Notice.Kind.ROLLOUT_HALTED, ROLLOUT, null, null, null, "x").onceKey())
                .isNull();
    }

    @Test
    void shouldNameEachKindAsWebhooksListIt() {
        assertThat(List.of(Notice.Kind.values()))
                .extracting(Notice.Kind::label)
                .containsExactly(
                        "rollout-halted",
                        "tenant-failed",
                        "approval-waiting",
                        "rollout-completed",
                        "rollout-rolled-back");
        assertThat(Notice.Kind.of("tenant-failed")).contains(Notice.Kind.TENANT_FAILED);
        assertThat(Notice.Kind.of("halted")).isEmpty();
    }
}
