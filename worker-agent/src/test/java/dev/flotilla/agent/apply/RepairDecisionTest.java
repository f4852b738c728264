package dev.flotilla.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.history.HistoryEntry;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanStep;
import dev.flotilla.model.wire.RepairAction;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepairDecisionTest {

    private static final String INDEX =
            "-- flotilla:no-transaction\ncreate index concurrently if not exists items_sku_idx on items (sku);";
    private static final PlanStep FIRST = new PlanStep(
            Version.of("0001"),
            "create_items",
            "create table items (sku text);",
            "c1",
            true,
            "drop table items;",
            "d1",
            true,
            null,
            null);
    private static final PlanStep SECOND = new PlanStep(
            Version.of("0002"),
            "index_sku",
            INDEX,
            "c2",
            false,
            "drop index concurrently items_sku_idx;",
            "d2",
            false,
            null,
            null);
    private static final PlanPublished PLAN = new PlanPublished("plan", List.of(FIRST, SECOND));
    private static final RepairDecision.Indexes NO_INDEX = new RepairDecision.Indexes(Map.of());
    private static final RepairDecision.Indexes INVALID = new RepairDecision.Indexes(Map.of("items_sku_idx", false));
    private static final RepairDecision.Indexes VALID = new RepairDecision.Indexes(Map.of("items_sku_idx", true));

    @Test
    void shouldDropTheInvalidIndexAndRunTheStepAgainWhenADirtyUpStepIsRetried() {
        // when
        RepairDecision decision = decide(RepairAction.RETRY, "0002", history("up", "dirty"), INVALID);

        // then
        assertThat(decision).isInstanceOfSatisfying(RepairDecision.Repair.class, repair -> {
            assertThat(repair.dropInvalid()).containsExactly("items_sku_idx");
            assertThat(repair.rows())
                    .as("the re-run's own row follows the dirty one")
                    .isEmpty();
            assertThat(repair.rerun()).hasValueSatisfying(rerun -> {
                assertThat(rerun.direction()).isEqualTo(Direction.UP);
                assertThat(rerun.script().sql()).isEqualTo(INDEX);
                assertThat(rerun.script().transactional()).isFalse();
            });
        });
    }

    @Test
    void shouldRunTheDownScriptAgainFromAppliedWhenADirtyDownStepIsRetried() {
        // when
        RepairDecision decision = decide(RepairAction.RETRY, "0002", history("down", "dirty"), VALID);

        // then
        assertThat(decision).isInstanceOfSatisfying(RepairDecision.Repair.class, repair -> {
            assertThat(repair.dropInvalid()).isEmpty();
            assertThat(repair.rows()).isEmpty();
            assertThat(repair.rerun().orElseThrow().direction()).isEqualTo(Direction.DOWN);
        });
    }

    @Test
    void shouldRefuseARetryWhenTheStepIsNotDirty() {
        assertThat(decide(RepairAction.RETRY, "0002", history("up", "applied"), VALID))
                .isInstanceOfSatisfying(RepairDecision.Refuse.class, r -> assertThat(r.message())
                        .contains("not dirty (applied)"));
    }

    @Test
    void shouldRefuseARetryWhenAValidIndexWouldMakeTheStepFailAgain() {
        // given a step that creates its index without IF NOT EXISTS
        PlanStep strict = new PlanStep(
                Version.of("0002"),
                "index_sku",
                "create index concurrently items_sku_idx on items (sku);",
                "c2",
                false,
                null,
                null,
                false,
                null,
                null);
        PlanPublished plan = new PlanPublished("plan", List.of(FIRST, strict));

        // when
        RepairDecision decision =
                RepairDecision.decide(RepairAction.RETRY, Version.of("0002"), plan, history("up", "dirty"), VALID);

        // then
        assertThat(decision).isInstanceOfSatisfying(RepairDecision.Refuse.class, r -> assertThat(r.message())
                .contains("items_sku_idx exists and is valid", "IF NOT EXISTS"));
    }

    @Test
    void shouldRefuseToMarkAppliedWhenTheIndexIsInvalidOrMissing() {
        assertThat(decide(RepairAction.MARK_APPLIED, "0002", history("up", "dirty"), INVALID))
                .isInstanceOfSatisfying(RepairDecision.Refuse.class, r -> assertThat(r.message())
                        .contains("items_sku_idx is invalid"));
        assertThat(decide(RepairAction.MARK_APPLIED, "0002", history("up", "dirty"), NO_INDEX))
                .isInstanceOfSatisfying(RepairDecision.Refuse.class, r -> assertThat(r.message())
                        .contains("items_sku_idx is missing"));
    }

    @Test
    void shouldRecordAppliedWhenTheIndexIsValid() {
        assertThat(decide(RepairAction.MARK_APPLIED, "0002", history("up", "dirty"), VALID))
                .isEqualTo(new RepairDecision.Repair(
                        List.of(),
                        List.of(new RepairDecision.Row(Version.of("0002"), "index_sku", "c2", "up", "repair")),
                        Optional.empty(),
                        "recorded version 0002 applied"));
    }

    @Test
    void shouldRefuseToMarkRevertedWhileTheIndexIsValid() {
        assertThat(decide(RepairAction.MARK_REVERTED, "0002", history("up", "dirty"), VALID))
                .isInstanceOf(RepairDecision.Refuse.class);
    }

    @Test
    void shouldDropTheInvalidIndexWhenMarkedReverted() {
        assertThat(decide(RepairAction.MARK_REVERTED, "0002", history("up", "dirty"), INVALID))
                .isInstanceOfSatisfying(RepairDecision.Repair.class, repair -> {
                    assertThat(repair.dropInvalid()).containsExactly("items_sku_idx");
                    assertThat(repair.rows())
                            .extracting(RepairDecision.Row::direction)
                            .containsExactly("down");
                    assertThat(repair.rerun()).isEmpty();
                });
    }

    @Test
    void shouldRefuseToMarkRevertedWhatIsNotApplied() {
        assertThat(decide(RepairAction.MARK_REVERTED, "0001", Map.of(), NO_INDEX))
                .isInstanceOf(RepairDecision.Refuse.class);
    }

    @Test
    void shouldAcceptTheCatalogsChecksumOnlyWhenTheAppliedOneDiffers() {
        Map<Version, HistoryEntry> edited = Map.of(Version.of("0001"), entry("0001", "old", "up", "applied"));
        assertThat(decide(RepairAction.ACCEPT_CHECKSUM, "0001", edited, NO_INDEX))
                .isInstanceOfSatisfying(RepairDecision.Repair.class, r -> assertThat(r.rows())
                        .containsExactly(
                                new RepairDecision.Row(Version.of("0001"), "create_items", "c1", "up", "repair")));
        Map<Version, HistoryEntry> same = Map.of(Version.of("0001"), entry("0001", "c1", "up", "applied"));
        assertThat(decide(RepairAction.ACCEPT_CHECKSUM, "0001", same, NO_INDEX))
                .isInstanceOf(RepairDecision.Refuse.class);
        assertThat(decide(RepairAction.ACCEPT_CHECKSUM, "0001", Map.of(), NO_INDEX))
                .isInstanceOf(RepairDecision.Refuse.class);
    }

    @Test
    void shouldRecordOnlyTheMissingMigrationsUpToTheVersionWhenBaselining() {
        // given 0001 applied already
        Map<Version, HistoryEntry> history = Map.of(Version.of("0001"), entry("0001", "c1", "up", "applied"));

        // when
        RepairDecision decision = decide(RepairAction.BASELINE, "0002", history, NO_INDEX);

        // then
        assertThat(decision).isInstanceOfSatisfying(RepairDecision.Repair.class, r -> assertThat(r.rows())
                .containsExactly(new RepairDecision.Row(Version.of("0002"), "index_sku", "c2", "up", "baseline")));
    }

    @Test
    void shouldRefuseABaselineOfADirtyTenant() {
        assertThat(decide(RepairAction.BASELINE, "0002", history("up", "dirty"), NO_INDEX))
                .isInstanceOfSatisfying(RepairDecision.Refuse.class, r -> assertThat(r.message())
                        .contains("0002 is dirty"));
    }

    @Test
    void shouldRefuseAVersionThePlanDoesNotHave() {
        assertThat(decide(RepairAction.MARK_APPLIED, "0009", Map.of(), NO_INDEX))
                .isInstanceOf(RepairDecision.Refuse.class);
    }

    private static RepairDecision decide(
            RepairAction action, String version, Map<Version, HistoryEntry> history, RepairDecision.Indexes indexes) {
        return RepairDecision.decide(action, Version.of(version), PLAN, history, indexes);
    }

    /** 0001 applied, and 0002's latest row in the given direction and state. */
    private static Map<Version, HistoryEntry> history(String direction, String state) {
        Map<Version, HistoryEntry> history = new HashMap<>();
        history.put(Version.of("0001"), entry("0001", "c1", "up", "applied"));
        history.put(Version.of("0002"), entry("0002", "c2", direction, state));
        return history;
    }

    private static HistoryEntry entry(String version, String checksum, String direction, String state) {
        return new HistoryEntry(version, "m" + version, checksum, direction, state, Instant.EPOCH);
    }
}
