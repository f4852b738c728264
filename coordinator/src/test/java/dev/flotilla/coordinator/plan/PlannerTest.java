package dev.flotilla.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flotilla.model.catalog.Catalog;
import dev.flotilla.model.catalog.Checksum;
import dev.flotilla.model.catalog.Directives;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Script;
import dev.flotilla.model.catalog.Selection;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final String ACCOUNTS_UP = "create table accounts (id bigint primary key);";
    private static final String ACCOUNTS_DOWN = "drop table accounts;";
    private static final String USERS_UP = "create table users (id bigint primary key);";
    private static final String USERS_DOWN = "drop table users;";
    private static final String INDEX_UP = "create index concurrently users_id on users (id);";
    private static final String INDEX_DOWN = "drop index concurrently users_id;";
    private static final String BACKFILL_UP = "update accounts set id = id;";

    private static Script script(String file, String sql, Directives directives) {
        return new Script(file, sql, Checksum.of(sql), directives);
    }

    private static Migration migration(String version, String name, String up, String down, Directives directives) {
        return new Migration(
                Version.of(version),
                name,
                script(version + "_" + name + ".up.sql", up, directives),
                Optional.ofNullable(down).map(d -> script(version + "_" + name + ".down.sql", d, Directives.DEFAULT)));
    }

    /** 0001, 0002, 0003 (no-transaction), 0010 (irreversible, lock timeout): a small but varied catalog. */
    private static Catalog catalog() {
        return new Catalog(List.of(
                migration("0001", "create_accounts", ACCOUNTS_UP, ACCOUNTS_DOWN, Directives.DEFAULT),
                migration("0002", "create_users", USERS_UP, USERS_DOWN, Directives.DEFAULT),
                migration("0003", "index_users", INDEX_UP, INDEX_DOWN, Directives.DEFAULT.withNoTransaction()),
                migration(
                        "0010",
                        "backfill_accounts",
                        BACKFILL_UP,
                        null,
                        Directives.DEFAULT
                                .withIrreversible()
                                .withLockTimeout(Duration.ofSeconds(5))
                                .withStatementTimeout(Duration.ofMinutes(10)))));
    }

    /** The versions as the planner spells them, so the assertions check the spelling too. */
    private static List<String> texts(List<Version> versions) {
        return versions.stream().map(Version::text).toList();
    }

    private static Set<Version> versions(String... texts) {
        List<Version> versions = new ArrayList<>();
        for (String text : texts) {
            versions.add(Version.of(text));
        }
        return Set.copyOf(versions);
    }

    @Test
    void shouldContainExactlyTheMigrationsUpToTheTargetWhenPlanningUp() {
        // given
        Catalog catalog = catalog();

        // when
        PlanPublished plan = Planner.planUpTo(catalog, Version.of("0002"));

        // then
        assertThat(plan.steps())
                .extracting(
                        s -> s.version().text(),
                        PlanStep::name,
                        PlanStep::upSql,
                        PlanStep::upChecksum,
                        PlanStep::downSql)
                .containsExactly(
                        tuple("0001", "create_accounts", ACCOUNTS_UP, Checksum.of(ACCOUNTS_UP), ACCOUNTS_DOWN),
                        tuple("0002", "create_users", USERS_UP, Checksum.of(USERS_UP), USERS_DOWN));
        assertThat(plan.steps())
                .extracting(PlanStep::downChecksum)
                .containsExactly(Checksum.of(ACCOUNTS_DOWN), Checksum.of(USERS_DOWN));
    }

    @Test
    void shouldContainEveryMigrationWhenTheTargetIsTheLatest() {
        // given
        Catalog catalog = catalog();

        // when
        PlanPublished plan = Planner.planUpTo(catalog, Version.of("0010"));

        // then
        assertThat(plan.steps()).extracting(s -> s.version().text()).containsExactly("0001", "0002", "0003", "0010");
    }

    @Test
    void shouldCarryTheDirectivesWhenAStepHasThem() {
        // given
        Catalog catalog = catalog();

        // when
        List<PlanStep> steps = Planner.planUpTo(catalog, Version.of("0010")).steps();

        // then
        PlanStep plain = steps.get(0);
        assertThat(plain.upTransactional()).isTrue();
        assertThat(plain.downTransactional()).isTrue();
        assertThat(plain.lockTimeoutMs()).isNull();
        assertThat(plain.statementTimeoutMs()).isNull();
        assertThat(steps.get(2).upTransactional()).isFalse();
        PlanStep irreversible = steps.get(3);
        assertThat(irreversible.downSql()).isNull();
        assertThat(irreversible.downChecksum()).isNull();
        assertThat(irreversible.lockTimeoutMs()).isEqualTo(5_000L);
        assertThat(irreversible.statementTimeoutMs()).isEqualTo(600_000L);
    }

    @Test
    void shouldHaveAVerifiableContentIdWhenPlanned() {
        // given
        Catalog catalog = catalog();

        // when
        PlanPublished plan = Planner.planUpTo(catalog, Version.of("0003"));

        // then
        assertThat(plan.planId())
                .isEqualTo(PlanPublished.contentId(plan.steps()))
                .matches("[0-9a-f]{64}");
        assertThat(plan.verified()).isTrue();
    }

    @Test
    void shouldGiveTheSameIdWhenTheSameCatalogAndTargetArePlannedTwice() {
        // given two catalogs built separately from the same files
        Catalog first = catalog();
        Catalog second = catalog();

        // when
        PlanPublished one = Planner.planUpTo(first, Version.of("0003"));
        PlanPublished other = Planner.planUpTo(second, Version.of("0003"));

        // then
        assertThat(other.planId()).isEqualTo(one.planId());
        assertThat(other).isEqualTo(one);
    }

    @Test
    void shouldGiveAnotherIdWhenTheTargetDiffers() {
        // given
        Catalog catalog = catalog();

        // when
        PlanPublished toTwo = Planner.planUpTo(catalog, Version.of("0002"));
        PlanPublished toThree = Planner.planUpTo(catalog, Version.of("0003"));

        // then
        assertThat(toThree.planId()).isNotEqualTo(toTwo.planId());
    }

    @Test
    void shouldGiveAnotherIdWhenAScriptChanges() {
        // given
        Catalog original = catalog();
        Catalog edited = new Catalog(List.of(
                migration("0001", "create_accounts", ACCOUNTS_UP, ACCOUNTS_DOWN, Directives.DEFAULT),
                migration("0002", "create_users", USERS_UP + " -- edited", USERS_DOWN, Directives.DEFAULT)));

        // when
        PlanPublished before = Planner.planUpTo(original, Version.of("0002"));
        PlanPublished after = Planner.planUpTo(edited, Version.of("0002"));

        // then
        assertThat(after.planId()).isNotEqualTo(before.planId());
    }

    @Test
    void shouldFailVerificationWhenAStepIsAlteredAfterPlanning() {
        // given
        PlanPublished plan = Planner.planUpTo(catalog(), Version.of("0002"));
        PlanStep step = plan.steps().get(1);
        PlanStep altered = new PlanStep(
                step.version(),
                step.name(),
                "drop table accounts;",
                step.upChecksum(),
                step.upTransactional(),
                step.downSql(),
                step.downChecksum(),
                step.downTransactional(),
                step.lockTimeoutMs(),
                step.statementTimeoutMs());

        // when
        PlanPublished tampered =
                new PlanPublished(plan.planId(), List.of(plan.steps().get(0), altered));

        // then
        assertThat(tampered.verified()).isFalse();
    }

    @Test
    void shouldOrderNumericallyWhenVersionsHaveDifferentWidths() {
        // given
        Catalog catalog = new Catalog(List.of(
                migration("2", "create_accounts", ACCOUNTS_UP, null, Directives.DEFAULT),
                migration("10", "create_users", USERS_UP, null, Directives.DEFAULT)));

        // when
        PlanPublished plan = Planner.planUpTo(catalog, Version.of("9"));

        // then
        assertThat(plan.steps()).extracting(s -> s.version().text()).containsExactly("2");
    }

    @Test
    void shouldRunEveryStepInOrderWhenTheTenantHasNothingApplied() {
        // when
        List<String> path = texts(Planner.pathUp(catalog(), Version.of("0010"), Set.of()));

        // then
        assertThat(path).containsExactly("0001", "0002", "0003", "0010");
    }

    @Test
    void shouldSkipAppliedVersionsAndKeepOrderWhenTheTenantHasSomeApplied() {
        // when
        List<String> path = texts(Planner.pathUp(catalog(), Version.of("0010"), versions("0001", "0003")));

        // then
        assertThat(path).containsExactly("0002", "0010");
    }

    @Test
    void shouldRunNothingWhenTheTenantIsAlreadyAtTheTarget() {
        // when
        List<String> path = texts(Planner.pathUp(catalog(), Version.of("0002"), versions("0001", "0002", "0003")));

        // then
        assertThat(path).isEmpty();
    }

    @Test
    void shouldStopAtTheTargetWhenLaterMigrationsAreNotApplied() {
        // when
        List<String> path = texts(Planner.pathUp(catalog(), Version.of("0003"), versions("0001")));

        // then
        assertThat(path).containsExactly("0002", "0003");
    }

    @Test
    void shouldGiveDifferentPathsWhenTenantsAreAtDifferentVersions() {
        // given
        Catalog catalog = catalog();
        Version target = Version.of("0010");

        // when
        List<String> fresh = texts(Planner.pathUp(catalog, target, Set.of()));
        List<String> atOne = texts(Planner.pathUp(catalog, target, versions("0001")));
        List<String> atThree = texts(Planner.pathUp(catalog, target, versions("0001", "0002", "0003")));

        // then
        assertThat(fresh).containsExactly("0001", "0002", "0003", "0010");
        assertThat(atOne).containsExactly("0002", "0003", "0010");
        assertThat(atThree).containsExactly("0010");
    }

    @Test
    void shouldTreatAVersionAsAppliedWhenTheHistoryWritesItWithOtherLeadingZeros() {
        // when
        List<String> path = texts(Planner.pathUp(catalog(), Version.of("0003"), versions("1", "02")));

        // then
        assertThat(path).containsExactly("0003");
    }

    @Test
    void shouldUseTheCatalogsVersionTextWhenPlanning() {
        // when
        List<String> path = texts(Planner.pathUp(catalog(), Version.of("3"), Set.of()));

        // then
        assertThat(path).containsExactly("0001", "0002", "0003");
    }

    @Test
    void shouldTakeExactlyTheSelectedMigrationsInCatalogOrderWhenTheTargetIsACustomBatch() {
        // given
        Target batch = new Target.Batch("3,1", Selection.parse("3,1"));

        // when
        List<String> path = texts(Planner.path(Planner.migrationsOf(catalog(), batch), Set.of()));

        // then
        assertThat(path).containsExactly("0001", "0003");
    }

    @Test
    void shouldNameTheMigrationsABatchJumpsOverWhenTheTenantHasNotAppliedThem() {
        // when
        List<String> skipped = texts(Planner.skipped(catalog(), List.of(Version.of("0003")), versions("0001")));

        // then
        assertThat(skipped).containsExactly("0002");
        assertThat(Planner.skipped(catalog(), List.of(Version.of("0002"), Version.of("0003")), versions("0001")))
                .isEmpty();
        assertThat(Planner.skipped(catalog(), List.of(), Set.of())).isEmpty();
    }
}
