package dev.flotilla.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.history.HistoryEntry;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.HistoryState;
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
    private static final ConcurrentIndexes.Table ITEMS = new ConcurrentIndexes.Table(null, "items");
    private static final TenantIndexes.Index INVALID_SKU = index("items_sku_idx", false);
    private static final TenantIndexes NO_INDEX = TenantIndexes.NONE;
    private static final TenantIndexes INVALID = on(ITEMS, INVALID_SKU);
    private static final TenantIndexes VALID = on(ITEMS, index("items_sku_idx", true));

    @Test
    void shouldDropTheInvalidIndexAndRunTheStepAgainWhenADirtyUpStepIsRetried() {
        // when
        RepairDecision decision = decide(RepairAction.RETRY, "0002", history("up", "dirty"), INVALID);

        // then
        assertThat(decision).isInstanceOfSatisfying(RepairDecision.Repair.class, repair -> {
            assertThat(repair.dropInvalid()).containsExactly(INVALID_SKU);
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
        PlanPublished plan = planBuilding("create index concurrently items_sku_idx on items (sku);");

        // when
        RepairDecision decision = whenDirty(plan, RepairAction.RETRY, VALID);

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
                    assertThat(repair.dropInvalid()).containsExactly(INVALID_SKU);
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

    @Test
    void shouldRefuseARepairWhenTheHistoryNoLongerSaysWhatTheCoordinatorSaw() {
        // when the coordinator saw 0002 dirty, but the history now says it is applied
        RepairDecision decision =
                decide(RepairAction.MARK_REVERTED, "0002", HistoryState.DIRTY, history("up", "applied"), INVALID);

        // then
        assertThat(decision)
                .isEqualTo(new RepairDecision.Refuse("the coordinator saw version 0002 as dirty when"
                        + " the repair was asked for, but the tenant's history now says applied: it changed since; look at"
                        + " the tenant again and ask again"));
    }

    @Test
    void shouldCompareTheExpectationBeforeAnythingElseAndTakeAbsentAsNotApplied() {
        assertThat(decide(RepairAction.MARK_APPLIED, "0009", HistoryState.APPLIED, Map.of(), NO_INDEX))
                .isInstanceOfSatisfying(RepairDecision.Refuse.class, r -> assertThat(r.message())
                        .contains("saw version 0009 as applied", "now says not applied"));
        assertThat(decide(RepairAction.RETRY, "0002", HistoryState.NOT_APPLIED, history("up", "dirty"), INVALID))
                .isInstanceOfSatisfying(RepairDecision.Refuse.class, r -> assertThat(r.message())
                        .contains("saw version 0002 as not applied", "now says dirty"));
    }

    @Test
    void shouldRepairAsWithoutAnExpectationWhenTheHistorySaysWhatTheCoordinatorSaw() {
        Map<Version, HistoryEntry> dirty = history("up", "dirty");
        assertThat(decide(RepairAction.RETRY, "0002", HistoryState.DIRTY, dirty, INVALID))
                .isEqualTo(decide(RepairAction.RETRY, "0002", dirty, INVALID));
        assertThat(decide(RepairAction.MARK_APPLIED, "0001", HistoryState.NOT_APPLIED, Map.of(), NO_INDEX))
                .isInstanceOf(RepairDecision.Repair.class);
        assertThat(decide(RepairAction.ACCEPT_CHECKSUM, "0001", HistoryState.APPLIED, dirty, NO_INDEX))
                .isInstanceOfSatisfying(RepairDecision.Refuse.class, r -> assertThat(r.message())
                        .contains("already has the catalog's checksum"));
    }

    @Test
    void shouldTakeNoExpectationIntoAccountWhenBaselining() {
        assertThat(decide(RepairAction.BASELINE, "0002", HistoryState.DIRTY, Map.of(), NO_INDEX))
                .isInstanceOfSatisfying(
                        RepairDecision.Repair.class, r -> assertThat(r.rows()).hasSize(2));
    }

    @Test
    void shouldDropTheTablesInvalidIndexesWhenAnUnnamedBuildIsRetriedOrMarkedReverted() {
        // given a step whose index PostgreSQL names, and two invalid indexes and a valid one on its table
        PlanPublished plan = planBuilding("create index concurrently on items (sku);");
        TenantIndexes.Index other = index("items_sku_idx1", false);
        TenantIndexes found = on(ITEMS, index("items_pkey", true), INVALID_SKU, other);

        // when
        RepairDecision retried = whenDirty(plan, RepairAction.RETRY, found);
        RepairDecision reverted = whenDirty(plan, RepairAction.MARK_REVERTED, found);

        // then both drop the invalid ones, and say so
        assertThat(retried).isInstanceOfSatisfying(RepairDecision.Repair.class, repair -> {
            assertThat(repair.dropInvalid()).containsExactly(INVALID_SKU, other);
            assertThat(repair.rerun()).isPresent();
            assertThat(repair.message())
                    .isEqualTo("dropped invalid index items_sku_idx, items_sku_idx1 (the invalid indexes on items,"
                            + " taken as what the step's unnamed concurrent build left); ran version 0002 up again");
        });
        assertThat(reverted).isInstanceOfSatisfying(RepairDecision.Repair.class, repair -> {
            assertThat(repair.dropInvalid()).containsExactly(INVALID_SKU, other);
            assertThat(repair.message()).endsWith("; recorded version 0002 not applied");
        });
    }

    @Test
    void shouldRefuseToMarkAnUnnamedBuildAppliedWhileItsTableHasAnInvalidIndex() {
        // given
        PlanPublished plan = planBuilding("create unique index concurrently on only items (sku);");

        // when its table has an invalid index
        RepairDecision invalid = whenDirty(plan, RepairAction.MARK_APPLIED, INVALID);

        // then
        assertThat(invalid).isInstanceOfSatisfying(RepairDecision.Refuse.class, r -> assertThat(r.message())
                .isEqualTo("table items has invalid index items_sku_idx, left by the step's unnamed concurrent build:"
                        + " the step did not take effect; use --retry"));

        // and when every index on it is valid, the operator's word is taken
        assertThat(whenDirty(plan, RepairAction.MARK_APPLIED, VALID)).isInstanceOf(RepairDecision.Repair.class);
    }

    @Test
    void shouldLookANamedIndexUpOnTheTableTheScriptNames() {
        // given a step building its index on app.items, and the tenant's items tables in two schemas
        PlanPublished plan = planBuilding("create index concurrently items_sku_idx on app.items (sku);");
        TenantIndexes.Index inApp = new TenantIndexes.Index("items_sku_idx", "\"app\".\"items_sku_idx\"", false);
        TenantIndexes found = new TenantIndexes(Map.of(
                ITEMS,
                List.of(index("items_sku_idx", true)),
                new ConcurrentIndexes.Table("app", "items"),
                List.of(inApp)));

        // when
        RepairDecision decision = whenDirty(plan, RepairAction.RETRY, found);

        // then the invalid one in app is dropped, the valid one elsewhere does not count
        assertThat(decision)
                .isInstanceOfSatisfying(RepairDecision.Repair.class, repair -> assertThat(repair.dropInvalid())
                        .containsExactly(inApp));
    }

    private static RepairDecision decide(
            RepairAction action, String version, Map<Version, HistoryEntry> history, TenantIndexes indexes) {
        return RepairDecision.decide(action, Version.of(version), null, PLAN, history, indexes);
    }

    private static RepairDecision decide(
            RepairAction action,
            String version,
            HistoryState expected,
            Map<Version, HistoryEntry> history,
            TenantIndexes indexes) {
        return RepairDecision.decide(action, Version.of(version), expected, PLAN, history, indexes);
    }

    /** Decides for the plan's 0002, whose up step went dirty. */
    private static RepairDecision whenDirty(PlanPublished plan, RepairAction action, TenantIndexes indexes) {
        return RepairDecision.decide(action, Version.of("0002"), null, plan, history("up", "dirty"), indexes);
    }

    /** A plan whose 0002 builds this index script (up), after 0001 creates items. */
    private static PlanPublished planBuilding(String indexSql) {
        return new PlanPublished(
                "plan",
                List.of(
                        FIRST,
                        new PlanStep(
                                Version.of("0002"),
                                "index_sku",
                                indexSql,
                                "c2",
                                false,
                                null,
                                null,
                                false,
                                null,
                                null)));
    }

    private static TenantIndexes.Index index(String name, boolean valid) {
        return new TenantIndexes.Index(name, "\"tenant_0001\".\"" + name + "\"", valid);
    }

    private static TenantIndexes on(ConcurrentIndexes.Table table, TenantIndexes.Index... indexes) {
        return new TenantIndexes(Map.of(table, List.of(indexes)));
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
