package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class RolloutProgressTest {

    private static JsonNode rollout(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void shouldCountDispatchedRunsAsRunningWhenPrintingProgress() throws Exception {
        JsonNode running = rollout("""
                {"state": "RUNNING", "runs": {"total": 24, "pending": 10, "dispatched": 2, "running": 6,
                 "succeeded": 6, "failed": 0, "cancelled": 0}}
                """);

        assertThat(RolloutProgress.line(running))
                .isEqualTo("RUNNING   6/24 succeeded, 0 failed, 8 running, 10 waiting");
        assertThat(RolloutProgress.ended(running)).isFalse();
    }

    @Test
    void shouldSayWhichWaveARolloutOfSeveralStandsAtWhileItRuns() throws Exception {
        JsonNode running = rollout("""
                {"state": "RUNNING", "currentWave": "beta",
                 "runs": {"total": 24, "pending": 16, "running": 2, "succeeded": 6},
                 "waves": [{"name": "canary"}, {"name": "beta"}, {"name": "everyone"}]}
                """);
        JsonNode done = rollout("""
                {"state": "COMPLETED", "currentWave": "everyone", "runs": {"total": 24, "succeeded": 24},
                 "waves": [{"name": "canary"}, {"name": "beta"}, {"name": "everyone"}]}
                """);

        assertThat(RolloutProgress.line(running))
                .isEqualTo("RUNNING   wave beta (2/3): 6/24 succeeded, 0 failed, 2 running, 16 waiting");
        assertThat(RolloutProgress.line(done)).isEqualTo("COMPLETED 24/24 succeeded, 0 failed, 0 running");
    }

    @Test
    void shouldSucceedOnlyWhenTheRolloutCompleted() throws Exception {
        assertThat(RolloutProgress.succeeded(rollout("{\"state\": \"COMPLETED\"}")))
                .isTrue();
        assertThat(RolloutProgress.succeeded(rollout("{\"state\": \"HALTED\"}")))
                .isFalse();
        assertThat(RolloutProgress.ended(rollout("{\"state\": \"HALTED\"}"))).isTrue();
        assertThat(RolloutProgress.ended(rollout("{\"state\": \"CANCELLED\"}"))).isTrue();
    }

    @Test
    void shouldKeepWaitingWhenTheStateIsOneItDoesNotKnow() throws Exception {
        assertThat(RolloutProgress.ended(rollout("{\"state\": \"PAUSED\"}"))).isFalse();
        assertThat(RolloutProgress.ended(rollout("{}"))).isFalse();
    }

    @Test
    void shouldListEachFailedTenantWithItsMessage() throws Exception {
        JsonNode halted = rollout("""
                {"state": "HALTED", "failures": [{"tenant": "tenant_0007", "message": "step 0004 failed: boom"}]}
                """);

        assertThat(RolloutProgress.failures(halted)).isEqualTo("  tenant_0007: step 0004 failed: boom\n");
    }

    @Test
    void shouldListEachNoteWithItsTenantWhenARevertStoppedAboveAnIrreversibleStep() throws Exception {
        JsonNode rollback = rollout("""
                {"state": "COMPLETED", "direction": "down", "failures": [],
                 "notes": [{"tenant": "tenant_0031", "message": "stops above 0004, which has no down script"}]}
                """);

        assertThat(RolloutProgress.notes(rollback))
                .isEqualTo("  tenant_0031: stops above 0004, which has no down script\n");
        assertThat(RolloutProgress.failures(rollback)).isEmpty();
    }
}
