package dev.flotilla.model.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:15:30Z");

    @Test
    void shouldRoundTripEveryEventTypeWhenEncodedAndDecoded() {
        UUID run = UUID.randomUUID();
        List<Payload> payloads = List.of(
                new RunTenant(run, "plan-1", Direction.UP, List.of("0001", "0002")),
                new CancelRun(run, "operator"),
                new ReportInventory("coordinator"),
                new RunStarted(run, "agent-a"),
                new StepStarted(run, "0001", Direction.UP),
                new StepProgress(run, "0001", 10, null, "42"),
                new StepSucceeded(run, "0001", Direction.UP, "abc", 12, false),
                new StepFailed(run, "0002", Direction.UP, FailureCode.SQL_ERROR, "42P01", "no table", false),
                new RunFinished(run, RunOutcome.FAILED, "step 0002 failed"),
                new Inventory(
                        "agent-a",
                        "site-a",
                        Map.of("group", "beta"),
                        List.of(new AppliedMigration("0001", "init", "abc", AppliedMigration.APPLIED, AT))),
                new AgentHeartbeat("agent-a", "site-a", List.of("t1"), 4, "0.1.0"),
                new PlanPublished(
                        "p",
                        List.of(new PlanStep("0001", "init", "select 1;", "c", true, null, null, true, null, 5000L))));

        for (Payload payload : payloads) {
            Envelope<Payload> sent = new Envelope<>(UUID.randomUUID(), 1, "t1", "r1", AT, payload);

            Envelope<Payload> received = WireCodec.decode(WireCodec.encode(sent));

            assertThat(received).isEqualTo(sent);
        }
    }

    @Test
    void shouldWriteTheEnvelopeFieldsOfTheContract() {
        Envelope<RunStarted> envelope = Envelope.of("t1", null, AT, new RunStarted(UUID.randomUUID(), "a"));

        String json = new String(WireCodec.encode(envelope), StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"id\":\"" + envelope.id() + "\"")
                .contains("\"type\":\"RunStarted\"")
                .contains("\"v\":1")
                .contains("\"tenant\":\"t1\"")
                .contains("\"at\":\"2026-11-21T10:15:30Z\"")
                .doesNotContain("rollout");
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenAWriterAddedSome() {
        String json =
                "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"CancelRun\",\"v\":2,\"at\":\"2026-01-01T00:00:00Z\","
                        + "\"extra\":1,\"payload\":{\"runId\":\"" + UUID.randomUUID()
                        + "\",\"reason\":\"x\",\"newField\":true}}";

        Envelope<Payload> decoded = WireCodec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.payload()).isInstanceOf(CancelRun.class);
        assertThat(decoded.v()).isEqualTo(2);
    }

    @Test
    void shouldReadUnknownFailureCodeAsUnknownWhenANewerWriterSentIt() {
        String json = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"StepFailed\",\"at\":\"2026-01-01T00:00:00Z\","
                + "\"payload\":{\"version\":\"1\",\"direction\":\"UP\",\"code\":\"SOMETHING_NEW\",\"dirty\":false}}";

        StepFailed failed = (StepFailed)
                WireCodec.decode(json.getBytes(StandardCharsets.UTF_8)).payload();

        assertThat(failed.code()).isEqualTo(FailureCode.UNKNOWN);
    }

    @Test
    void shouldSayUnknownTypeWhenTheTypeIsNewerThanTheReader() {
        String json = "{\"id\":\"" + UUID.randomUUID()
                + "\",\"type\":\"Teleport\",\"at\":\"2026-01-01T00:00:00Z\",\"payload\":{}}";

        assertThatThrownBy(() -> WireCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        WireException.class, e -> assertThat(e.isUnknownType()).isTrue())
                .hasMessageContaining("Teleport");
    }

    @Test
    void shouldRejectMalformedBytesWhenTheyAreNotAnEnvelope() {
        assertThatThrownBy(() -> WireCodec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        WireException.class, e -> assertThat(e.isUnknownType()).isFalse());
        assertThatThrownBy(() ->
                        WireCodec.decode("{\"type\":\"CancelRun\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("'id'");
    }

    @Test
    void shouldVerifyPlanWhenItsIdMatchesItsContent() {
        List<PlanStep> steps =
                List.of(new PlanStep("0001", "init", "select 1;", "c", true, null, null, true, null, null));
        PlanPublished plan = new PlanPublished(PlanPublished.contentId(steps), steps);
        List<PlanStep> altered =
                List.of(new PlanStep("0001", "init", "drop table x;", "c", true, null, null, true, null, null));

        assertThat(plan.verified()).isTrue();
        assertThat(new PlanPublished(plan.planId(), altered).verified()).isFalse();
    }

    @Test
    void shouldRefuseSiteIdsWhenTheyCannotNameATopic() {
        assertThat(Topics.commands("eu-1")).isEqualTo("flotilla.commands.eu-1");
        assertThatThrownBy(() -> Topics.commands("EU/1")).isInstanceOf(IllegalArgumentException.class);
    }
}
