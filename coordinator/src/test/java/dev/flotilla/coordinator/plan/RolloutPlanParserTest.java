package dev.flotilla.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.model.catalog.Catalog;
import dev.flotilla.model.catalog.Checksum;
import dev.flotilla.model.catalog.Directives;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Release;
import dev.flotilla.model.catalog.Script;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutPlanParserTest {

    /** 0001 to 0005: catalog positions 1 to 5. */
    private static final Catalog CATALOG = new Catalog(
            List.of(migration("0001"), migration("0002"), migration("0003"), migration("0004"), migration("0005")));

    private static Migration migration(String version) {
        String sql = "create table t" + version + " (id bigint);";
        return new Migration(
                Version.of(version),
                "create_t" + version,
                new Script(version + "_create_t" + version + ".up.sql", sql, Checksum.of(sql), Directives.DEFAULT),
                Optional.empty());
    }

    /** The JSON text with single quotes standing for double quotes, to keep the tables readable. */
    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed test JSON: " + text, e);
        }
    }

    private static RolloutPlan parse(String text) {
        return RolloutPlanParser.parse(json(text), CATALOG, List.of());
    }

    /** A plan targeting 0003 with these other fields. */
    private static String to0003(String fields) {
        return "{'target': {'version': '0003'}, " + fields + "}";
    }

    @Test
    void shouldReadEveryPartWhenThePlanIsComplete() {
        // given
        String plan = """
                {
                  "target": {"version": "0003"},
                  "tenants": ["acme", "globex", "acme"],
                  "waves": [
                    {"name": "canary", "select": "group=internal", "limit": 2, "soak": "30m"},
                    {"name": "eu", "select": "region in (eu,uk)", "soak": "1h", "approval": true},
                    {"name": "rest", "select": "*"}
                  ],
                  "concurrency": {"fleet": 32, "perSite": 4, "perWave": 16},
                  "failureBudget": {"count": 1, "percent": 2}
                }
                """;

        // when
        RolloutPlan parsed = RolloutPlanParser.parse(json(plan), CATALOG, List.of());

        // then
        assertThat(parsed.target()).isEqualTo(new Target.ToVersion(Version.of("0003")));
        assertThat(parsed.tenants()).contains(List.of("acme", "globex"));
        assertThat(parsed.waves())
                .containsExactly(
                        new WaveSpec("canary", "group=internal", OptionalInt.of(2), Duration.ofMinutes(30), false),
                        new WaveSpec("eu", "region in (eu,uk)", OptionalInt.empty(), Duration.ofHours(1), true),
                        new WaveSpec("rest", "*", OptionalInt.empty(), Duration.ZERO, false));
        assertThat(parsed.concurrency()).isEqualTo(new Concurrency(32, 4, 16));
        assertThat(parsed.failureBudget()).isEqualTo(new FailureBudget(1, 2));
    }

    @Test
    void shouldTakeTheCatalogsVersionWhenTheTargetVersionIsWrittenWithoutLeadingZeros() {
        // when
        RolloutPlan parsed = parse("{'target': {'version': '3'}, 'tenants': 'all'}");

        // then
        assertThat(parsed.target()).isInstanceOfSatisfying(Target.ToVersion.class, target -> assertThat(
                        target.version().text())
                .isEqualTo("0003"));
    }

    @Test
    void shouldMakeOneWaveOfEveryTenantWhoseFailuresNeverHaltWhenThePlanHasNoWaves() {
        // when
        RolloutPlan parsed = parse(to0003("'tenants': 'all'"));

        // then
        assertThat(parsed.tenants()).isEmpty();
        assertThat(parsed.waves()).containsExactly(new WaveSpec("all", "*", OptionalInt.empty(), Duration.ZERO, false));
        assertThat(parsed.failureBudget()).isEqualTo(FailureBudget.UNLIMITED);
        assertThat(parsed.concurrency()).isEqualTo(Concurrency.fleetOf(RolloutPlanParser.DEFAULT_FLEET));
    }

    @Test
    void shouldTolerateNoFailureAndTakeEveryTenantWhenThePlanHasWavesButNoBudgetNorTenants() {
        // when
        RolloutPlan parsed = parse(to0003("'waves': [{'name': 'all', 'select': '*'}]"));

        // then
        assertThat(parsed.tenants()).isEmpty();
        assertThat(parsed.failureBudget()).isEqualTo(FailureBudget.NONE);
    }

    @Test
    void shouldGiveAWaveNoLimitNoSoakAndNoApprovalWhenItSaysNothingOfThem() {
        // when
        RolloutPlan parsed = parse(to0003("'waves': [{'name': 'beta', 'select': 'group=beta'}]"));

        // then
        assertThat(parsed.waves())
                .containsExactly(new WaveSpec("beta", "group=beta", OptionalInt.empty(), Duration.ZERO, false));
    }

    @Test
    void shouldDefaultPerSiteAndPerWaveToTheFleetWhenOnlyTheFleetIsGiven() {
        // when
        RolloutPlan parsed = parse(to0003("'tenants': 'all', 'concurrency': {'fleet': 12}"));

        // then
        assertThat(parsed.concurrency()).isEqualTo(new Concurrency(12, 12, 12));
    }

    @Test
    void shouldDefaultTheFleetWhenOnlyPerSiteIsGiven() {
        // when
        RolloutPlan parsed = parse(to0003("'tenants': 'all', 'concurrency': {'perSite': 3}"));

        // then
        int fleet = RolloutPlanParser.DEFAULT_FLEET;
        assertThat(parsed.concurrency()).isEqualTo(new Concurrency(fleet, 3, fleet));
    }

    @Test
    void shouldTakeMaxParallelAsTheFleetLimitWhenThePlanUsesTheOlderField() {
        // when
        RolloutPlan parsed = parse(to0003("'tenants': 'all', 'maxParallel': 5"));

        // then
        assertThat(parsed.concurrency()).isEqualTo(Concurrency.fleetOf(5));
    }

    @Test
    void shouldDefaultTheMissingPartToZeroWhenTheBudgetGivesOnlyOne() {
        // when
        RolloutPlan parsed = parse(to0003("'tenants': 'all', 'failureBudget': {'percent': 10}"));

        // then
        assertThat(parsed.failureBudget()).isEqualTo(new FailureBudget(0, 10));
    }

    @Test
    void shouldTargetTheReleasesLastMigrationWhenTheTargetIsARelease() {
        // given
        Release release = new Release("1.1.0", "more", List.of(Version.of("0003"), Version.of("0004")), List.of(), "");

        // when
        RolloutPlan plan = RolloutPlanParser.parse(
                json("{'target': {'release': '1.1.0'}, 'tenants': 'all'}"), CATALOG, List.of(release));

        // then
        assertThat(plan.target()).isEqualTo(new Target.ToRelease(release));
        assertThat(Planner.migrationsOf(CATALOG, plan.target()))
                .extracting(m -> m.version().text())
                .containsExactly("0001", "0002", "0003", "0004");
    }

    @Test
    void shouldNameTheKnownReleasesWhenTheTargetReleaseIsUnknown() {
        // given
        Release release = new Release("1.0.0", "first", List.of(Version.of("0001")), List.of(), "");

        // when / then
        assertThatThrownBy(() -> RolloutPlanParser.parse(
                        json("{'target': {'release': '9.9'}, 'tenants': 'all'}"), CATALOG, List.of(release)))
                .isInstanceOfSatisfying(
                        PlanFileException.class, e -> assertThat(e.field()).isEqualTo("target.release"))
                .hasMessageContaining("known: 1.0.0");
    }

    @Test
    void shouldReadACustomBatchWhenTheTargetSelectsPositions() {
        // when
        RolloutPlan parsed = parse("{'target': {'select': '1,3-5'}, 'tenants': 'all'}");

        // then
        assertThat(parsed.target()).isInstanceOfSatisfying(Target.Batch.class, batch -> {
            assertThat(batch.text()).isEqualTo("1,3-5");
            assertThat(batch.selection().resolve(CATALOG))
                    .extracting(m -> m.version().text())
                    .containsExactly("0001", "0003", "0004", "0005");
        });
    }

    static Stream<Arguments> refusedPlans() {
        return Stream.of(
                arguments("plan not an object", "['target']", "plan"),
                arguments("unknown field", to0003("'tenants': 'all', 'wavez': []"), "wavez"),
                arguments("missing target", "{'tenants': 'all'}", "target"),
                arguments("target not an object", "{'target': '0003', 'tenants': 'all'}", "target"),
                arguments(
                        "target with version and select",
                        "{'target': {'version': '0003', 'select': '1'}, 'tenants': 'all'}",
                        "target"),
                arguments("target with an unknown field", "{'target': {'latest': true}, 'tenants': 'all'}", "target"),
                arguments("missing target.version", "{'target': {}, 'tenants': 'all'}", "target.version"),
                arguments("target.version null", "{'target': {'version': null}, 'tenants': 'all'}", "target.version"),
                arguments("target.version not in the catalog", "{'target': {'version': '9999'}}", "target.version"),
                arguments("target.version not digits", "{'target': {'version': 'latest'}}", "target.version"),
                arguments("target.version a number", "{'target': {'version': 3}, 'tenants': 'all'}", "target.version"),
                arguments("target.version a boolean", "{'target': {'version': true}}", "target.version"),
                arguments("target.select none", "{'target': {'select': 'none'}, 'tenants': 'all'}", "target.select"),
                arguments("target.select empty", "{'target': {'select': ''}, 'tenants': 'all'}", "target.select"),
                arguments("target.select beyond the catalog", "{'target': {'select': '1-9'}}", "target.select"),
                arguments("target.select backwards", "{'target': {'select': '3-1'}}", "target.select"),
                arguments("tenants missing without waves", "{'target': {'version': '0003'}}", "tenants"),
                arguments("tenants a word other than all", to0003("'tenants': 'some'"), "tenants"),
                arguments("tenants an empty list", to0003("'tenants': []"), "tenants"),
                arguments("tenants a number", to0003("'tenants': 5"), "tenants"),
                arguments("tenant id not an id", to0003("'tenants': ['Not A Tenant']"), "tenants[0]"),
                arguments("waves empty", to0003("'waves': []"), "waves"),
                arguments("waves not a list", to0003("'waves': {'name': 'canary'}"), "waves"),
                arguments("wave not an object", to0003("'waves': ['canary']"), "waves[0]"),
                arguments("wave without a name", to0003("'waves': [{'select': '*'}]"), "waves[0].name"),
                arguments(
                        "wave name not a name",
                        to0003("'waves': [{'name': 'Canary!', 'select': '*'}]"),
                        "waves[0].name"),
                arguments(
                        "duplicate wave name",
                        to0003("'waves': [{'name': 'eu', 'select': 'region=eu'}, {'name': 'eu', 'select': '*'}]"),
                        "waves[1].name"),
                arguments("wave without a selector", to0003("'waves': [{'name': 'canary'}]"), "waves[0].select"),
                arguments(
                        "malformed wave selector",
                        to0003("'waves': [{'name': 'eu', 'select': '*'}, {'name': 'rest', 'select': 'tier in (free'}]"),
                        "waves[1].select"),
                arguments(
                        "soak in words",
                        to0003("'waves': [{'name': 'canary', 'select': '*', 'soak': '5 minutes'}]"),
                        "waves[0].soak"),
                arguments(
                        "limit 0",
                        to0003("'waves': [{'name': 'canary', 'select': '*', 'limit': 0}]"),
                        "waves[0].limit"),
                arguments(
                        "approval not a boolean",
                        to0003("'waves': [{'name': 'canary', 'select': '*', 'approval': 'yes'}]"),
                        "waves[0].approval"),
                arguments(
                        "unknown wave field",
                        to0003("'waves': [{'name': 'canary', 'select': '*', 'limt': 2}]"),
                        "waves[0].limt"),
                arguments(
                        "concurrency.perSite 0",
                        to0003("'tenants': 'all', 'concurrency': {'fleet': 4, 'perSite': 0}"),
                        "concurrency.perSite"),
                arguments(
                        "concurrency.fleet 1001",
                        to0003("'tenants': 'all', 'concurrency': {'fleet': 1001}"),
                        "concurrency.fleet"),
                arguments(
                        "concurrency.perWave not a number",
                        to0003("'tenants': 'all', 'concurrency': {'perWave': 'x'}"),
                        "concurrency.perWave"),
                arguments("concurrency not an object", to0003("'tenants': 'all', 'concurrency': 4"), "concurrency"),
                arguments(
                        "unknown concurrency field",
                        to0003("'tenants': 'all', 'concurrency': {'perTenant': 1}"),
                        "concurrency.perTenant"),
                arguments(
                        "concurrency and maxParallel",
                        to0003("'tenants': 'all', 'concurrency': {'fleet': 4}, 'maxParallel': 4"),
                        "maxParallel"),
                arguments("maxParallel 0", to0003("'tenants': 'all', 'maxParallel': 0"), "maxParallel"),
                arguments("maxParallel 1.5", to0003("'tenants': 'all', 'maxParallel': 1.5"), "maxParallel"),
                arguments(
                        "failureBudget.percent 101",
                        to0003("'tenants': 'all', 'failureBudget': {'percent': 101}"),
                        "failureBudget.percent"),
                arguments(
                        "failureBudget.count negative",
                        to0003("'tenants': 'all', 'failureBudget': {'count': -1}"),
                        "failureBudget.count"),
                arguments(
                        "failureBudget not an object", to0003("'tenants': 'all', 'failureBudget': 1"), "failureBudget"),
                arguments(
                        "unknown failureBudget field",
                        to0003("'tenants': 'all', 'failureBudget': {'ratio': 1}"),
                        "failureBudget.ratio"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedPlans")
    void shouldRefuseNamingTheFieldWhenThePlanIsInvalid(String why, String plan, String field) {
        // given
        JsonNode body = json(plan);

        // when / then
        assertThatThrownBy(() -> RolloutPlanParser.parse(body, CATALOG, List.of()))
                .isInstanceOfSatisfying(PlanFileException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.problem()).isNotBlank();
                })
                .hasMessageStartingWith(field + ": ");
    }

    @Test
    void shouldNameTheLatestVersionWhenTheTargetVersionIsNotInTheCatalog() {
        // given
        JsonNode body = json("{'target': {'version': '9999'}, 'tenants': 'all'}");

        // when / then
        assertThatThrownBy(() -> RolloutPlanParser.parse(body, CATALOG, List.of()))
                .isInstanceOf(PlanFileException.class)
                .hasMessageContaining("9999")
                .hasMessageContaining("0005");
    }

    @Test
    void shouldRefuseAnEmptyPlanWhenTheTargetSelectsNoMigration() {
        // given
        JsonNode body = json("{'target': {'select': 'none'}, 'tenants': 'all'}");

        // when / then
        assertThatThrownBy(() -> RolloutPlanParser.parse(body, CATALOG, List.of()))
                .isInstanceOf(PlanFileException.class)
                .hasMessageContaining("empty plan");
    }

    @Test
    void shouldGoUpWhenThePlanSaysNoDirection() {
        // when
        RolloutPlan parsed = parse(to0003("'tenants': 'all'"));

        // then
        assertThat(parsed.direction()).isEqualTo(Direction.UP);
        assertThat(parsed.allowIrreversible()).isFalse();
        assertThat(parsed.onBreach()).isEqualTo(OnBreach.HALT);
    }

    @Test
    void shouldReadOnBreachAndLetItsAutomaticRollbackAllowIrreversibleStepsWhenThePlanRollsBackABreachedWave() {
        // when
        RolloutPlan halt = parse(to0003("'waves': [{'name': 'all', 'select': '*'}], 'onBreach': 'halt'"));
        RolloutPlan rollback = parse(to0003("'waves': [{'name': 'canary', 'select': '*'}], 'onBreach': 'rollback-wave',"
                + " 'allowIrreversible': true, 'confirm': 'production'"));
        RolloutPlan withoutWaves =
                parse(to0003("'tenants': 'all', 'failureBudget': {'count': 1}, 'onBreach': 'rollback-wave'"));

        // then
        assertThat(halt.onBreach()).isEqualTo(OnBreach.HALT);
        assertThat(rollback.onBreach()).isEqualTo(OnBreach.ROLLBACK_WAVE);
        assertThat(rollback.allowIrreversible()).isTrue();
        assertThat(rollback.confirm()).isEqualTo("production");
        assertThat(withoutWaves.onBreach()).isEqualTo(OnBreach.ROLLBACK_WAVE);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{'target': {'version': '0003'}, 'tenants': 'all', 'failureBudget': {'count': 0}, 'onBreach': 'retry'}"
                        + " | onBreach | halt or rollback-wave",
                "{'target': {'version': '0003'}, 'tenants': 'all', 'failureBudget': {'count': 0}, 'onBreach': true}"
                        + " | onBreach | must be a string",
                "{'target': {'version': '0002'}, 'direction': 'down', 'tenants': 'all', 'onBreach': 'rollback-wave'}"
                        + " | onBreach | does not roll itself back",
                "{'target': {'version': '0003'}, 'tenants': 'all', 'onBreach': 'rollback-wave'}"
                        + " | onBreach | needs a failure budget",
                "{'target': {'version': '0003'}, 'tenants': 'all', 'onBreach': 'halt', 'allowIrreversible': true}"
                        + " | allowIrreversible | onBreach: rollback-wave"
            })
    void shouldRefuseAnOnBreachThePlanCannotHaveNamingTheField(String plan, String field, String problem) {
        // then
        assertThatThrownBy(() -> parse(plan)).isInstanceOfSatisfying(PlanFileException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.problem()).contains(problem);
        });
    }

    @Test
    void shouldReadADownPlanToAVersionOrToBeforeTheFirstMigrationWhenItSaysDirectionDown() {
        // when
        RolloutPlan toVersion = parse("{'target': {'version': '0002'}, 'direction': 'down', 'tenants': 'all',"
                + " 'allowIrreversible': true}");
        RolloutPlan toNothing = parse("{'target': {'version': '0'}, 'direction': 'down', 'tenants': 'all'}");

        // then
        assertThat(toVersion.direction()).isEqualTo(Direction.DOWN);
        assertThat(toVersion.target()).isEqualTo(new Target.ToVersion(Version.of("0002")));
        assertThat(toVersion.allowIrreversible()).isTrue();
        assertThat(toNothing.target()).isEqualTo(new Target.ToVersion(Version.of("0")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{'target': {'version': '0003'}, 'direction': 'sideways', 'tenants': 'all'} | direction",
                "{'target': {'select': '1-2'}, 'direction': 'down', 'tenants': 'all'} | target",
                "{'target': {'version': '0009'}, 'direction': 'down', 'tenants': 'all'} | target.version",
                "{'target': {'version': '0003'}, 'allowIrreversible': true, 'tenants': 'all'} | allowIrreversible"
            })
    void shouldRefuseADirectionThePlanCannotHaveNamingTheField(String plan, String field) {
        // then
        assertThatThrownBy(() -> parse(plan)).isInstanceOfSatisfying(PlanFileException.class, e -> assertThat(e.field())
                .isEqualTo(field));
    }
}
