package dev.flotilla.model.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.catalog.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:15:30Z");
    private static final UUID MESSAGE = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID ROLLOUT = UUID.fromString("00000000-0000-0000-0000-0000000000a0");
    private static final UUID RUN = UUID.fromString("00000000-0000-0000-0000-000000000003");

    @Test
    void shouldRoundTripEveryEventTypeWhenEncodedAndDecoded() {
        UUID run = UUID.randomUUID();
        List<Payload> payloads = List.of(
                new RunTenant(run, "plan-1", Direction.UP, List.of(Version.of("0001"), Version.of("0002"))),
                new RunTenant(run, "plan-1", Direction.DOWN, List.of(Version.of("0002")), "alice"),
                new RepairTenant(run, "plan-1", Version.of("0002"), RepairAction.RETRY, "alice", "index build died"),
                new RepairFinished(run, Version.of("0002"), RepairAction.RETRY, RepairOutcome.SUCCEEDED, "rebuilt"),
                new CancelRun(run, "operator"),
                new ReportInventory("coordinator"),
                new RunStarted(run, "agent-a"),
                new StepStarted(run, Version.of("0001"), Direction.UP),
                new StepProgress(run, Version.of("0001"), 10, 100L, "42", 12.5, 7L),
                new StepSucceeded(run, Version.of("0001"), Direction.UP, "abc", 12, false),
                new StepFailed(
                        run, Version.of("0002"), Direction.UP, FailureCode.SQL_ERROR, "42P01", "no table", false),
                new RunFinished(run, RunOutcome.FAILED, "step 0002 failed"),
                new Inventory(
                        "agent-a",
                        "site-a",
                        Map.of("group", "beta"),
                        List.of(new AppliedMigration("0001", "init", "abc", AppliedMigration.APPLIED, AT))),
                new AgentHeartbeat("agent-a", "site-a", List.of("t1"), 4, "0.1.0"),
                new PlanPublished(
                        "p",
                        List.of(new PlanStep(
                                Version.of("0001"), "init", "select 1;", "c", true, null, null, true, null, 5000L))));

        for (Payload payload : payloads) {
            Envelope<Payload> sent = new Envelope<>(UUID.randomUUID(), 1, "t1", UUID.randomUUID(), AT, payload);

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

    /**
     * The exact bytes this version writes, captured from the version that still carried versions and
     * the rollout as strings: an older agent and a newer coordinator read each other.
     */
    @Test
    void shouldWriteTheSameJsonAsBeforeWhenARunTenantCarriesTypedVersionsAndRollout() {
        // given
        Envelope<RunTenant> envelope = new Envelope<>(
                MESSAGE,
                1,
                "tenant_0001",
                ROLLOUT,
                AT,
                new RunTenant(RUN, "plan-1", Direction.UP, List.of(Version.of("0001"), Version.of("0002"))));
        String json = "{\"id\":\"00000000-0000-0000-0000-000000000001\",\"type\":\"RunTenant\",\"v\":1,"
                + "\"tenant\":\"tenant_0001\",\"rollout\":\"00000000-0000-0000-0000-0000000000a0\","
                + "\"at\":\"2026-11-21T10:15:30Z\",\"payload\":{\"runId\":\"00000000-0000-0000-0000-000000000003\","
                + "\"planId\":\"plan-1\",\"direction\":\"UP\",\"steps\":[\"0001\",\"0002\"]}}";

        // when
        String written = new String(WireCodec.encode(envelope), StandardCharsets.UTF_8);
        Envelope<Payload> read = WireCodec.decode(json.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(written).isEqualTo(json);
        assertThat(read).isEqualTo(envelope);
    }

    @Test
    void shouldWriteTheSameJsonAsBeforeWhenAStepEventCarriesATypedVersion() {
        // given
        Envelope<StepFailed> envelope = new Envelope<>(
                MESSAGE,
                1,
                "tenant_0001",
                ROLLOUT,
                AT,
                new StepFailed(
                        RUN, Version.of("0002"), Direction.UP, FailureCode.SQL_ERROR, "42P01", "no table", false));
        String json = "{\"id\":\"00000000-0000-0000-0000-000000000001\",\"type\":\"StepFailed\",\"v\":1,"
                + "\"tenant\":\"tenant_0001\",\"rollout\":\"00000000-0000-0000-0000-0000000000a0\","
                + "\"at\":\"2026-11-21T10:15:30Z\",\"payload\":{\"runId\":\"00000000-0000-0000-0000-000000000003\","
                + "\"version\":\"0002\",\"direction\":\"UP\",\"code\":\"SQL_ERROR\",\"sqlState\":\"42P01\","
                + "\"message\":\"no table\",\"dirty\":false}}";

        // when
        String written = new String(WireCodec.encode(envelope), StandardCharsets.UTF_8);
        Envelope<Payload> read = WireCodec.decode(json.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(written).isEqualTo(json);
        assertThat(read).isEqualTo(envelope);
    }

    @Test
    void shouldWriteTheSameJsonAndPlanIdAsBeforeWhenAPlanStepCarriesATypedVersion() {
        // given
        List<PlanStep> steps = List.of(
                new PlanStep(Version.of("0001"), "init", "select 1;", "c", true, null, null, true, null, 5000L));
        Envelope<PlanPublished> envelope = new Envelope<>(MESSAGE, 1, null, null, AT, new PlanPublished("p", steps));

        // when
        String written = new String(WireCodec.encode(envelope), StandardCharsets.UTF_8);

        // then
        assertThat(written)
                .isEqualTo("{\"id\":\"00000000-0000-0000-0000-000000000001\",\"type\":\"PlanPublished\",\"v\":1,"
                        + "\"at\":\"2026-11-21T10:15:30Z\",\"payload\":{\"planId\":\"p\",\"steps\":[{\"version\":\"0001\","
                        + "\"name\":\"init\",\"upSql\":\"select 1;\",\"upChecksum\":\"c\",\"upTransactional\":true,"
                        + "\"downTransactional\":true,\"statementTimeoutMs\":5000}]}}");
        assertThat(PlanPublished.contentId(steps))
                .isEqualTo("c10eaddcb0fa5d02a248f4fbe603e15502733d321fb0587d200a1abd13fbd861");
    }

    @Test
    void shouldRejectAStepEventAsMalformedWhenItsVersionIsNotDigits() {
        String json = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"StepStarted\",\"at\":\"2026-01-01T00:00:00Z\","
                + "\"payload\":{\"runId\":\"" + UUID.randomUUID() + "\",\"version\":\"v1\",\"direction\":\"UP\"}}";

        assertThatThrownBy(() -> WireCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        WireException.class, e -> assertThat(e.isUnknownType()).isFalse())
                .hasMessageContaining("StepStarted")
                .hasMessageContaining("'v1'");
    }

    @Test
    void shouldRejectAnEnvelopeAsMalformedWhenItsRolloutIsNotAUuid() {
        String json = "{\"id\":\"" + UUID.randomUUID()
                + "\",\"type\":\"CancelRun\",\"rollout\":\"r1\",\"at\":\"2026-01-01T00:00:00Z\","
                + "\"payload\":{\"runId\":\"" + UUID.randomUUID() + "\",\"reason\":\"x\"}}";

        assertThatThrownBy(() -> WireCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("CancelRun");
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
    void shouldRejectAMessageAsMalformedWhenItHasNoValue() {
        // a tombstone (compaction writes them on the plans and agents topics) or an empty record: its
        // reader must be able to skip it like any other unreadable message
        assertThatThrownBy(() -> WireCodec.decode(null))
                .isInstanceOfSatisfying(
                        WireException.class, e -> assertThat(e.isUnknownType()).isFalse())
                .hasMessageContaining("no value");
        assertThatThrownBy(() -> WireCodec.decode(new byte[0]))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("no value");
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
                List.of(new PlanStep(Version.of("0001"), "init", "select 1;", "c", true, null, null, true, null, null));
        PlanPublished plan = new PlanPublished(PlanPublished.contentId(steps), steps);
        List<PlanStep> altered = List.of(
                new PlanStep(Version.of("0001"), "init", "drop table x;", "c", true, null, null, true, null, null));

        assertThat(plan.verified()).isTrue();
        assertThat(new PlanPublished(plan.planId(), altered).verified()).isFalse();
    }

    @Test
    void shouldRefuseSiteIdsWhenTheyCannotNameATopic() {
        assertThat(Topics.commands("eu-1")).isEqualTo("flotilla.commands.eu-1");
        assertThatThrownBy(() -> Topics.commands("EU/1")).isInstanceOf(IllegalArgumentException.class);
    }
}
