package dev.flotilla.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorParserTest {

    private static final Map<String, String> BETA_EU_GOLD = Map.of("group", "beta", "region", "eu", "tier", "gold");
    private static final Map<String, String> FREE_US = Map.of("region", "us", "tier", "free");

    @Test
    void shouldParseEveryFormIntoClausesWhenTheSelectorIsWellFormed() {
        // when
        TenantSelector selector = SelectorParser.parse(" group=beta , tier!=free,region in (eu, us),id in (t1)");

        // then
        assertThat(selector)
                .isEqualTo(new TenantSelector.AllOf(java.util.List.of(
                        new TenantSelector.Equals("group", "beta"),
                        new TenantSelector.NotEquals("tier", "free"),
                        new TenantSelector.In("region", Set.of("eu", "us")),
                        new TenantSelector.In("id", Set.of("t1")))));
    }

    @Test
    void shouldMatchEveryTenantWhenTheSelectorIsAStar() {
        // when
        TenantSelector every = SelectorParser.parse("*");

        // then
        assertThat(every.matches("t1", Map.of())).isTrue();
        assertThat(every.matches("t2", BETA_EU_GOLD)).isTrue();
    }

    @Test
    void shouldRequireEveryClauseWhenClausesAreJoinedByCommas() {
        // given
        TenantSelector selector = SelectorParser.parse("group=beta,region in (eu,us)");

        // then
        assertThat(selector.matches("t1", BETA_EU_GOLD)).isTrue();
        assertThat(selector.matches("t2", FREE_US)).isFalse();
        assertThat(selector.matches("t3", Map.of("group", "beta", "region", "apac")))
                .isFalse();
    }

    @Test
    void shouldMatchATenantWithoutTheLabelWhenTheClauseIsNotEquals() {
        // given
        TenantSelector selector = SelectorParser.parse("tier!=free");

        // then
        assertThat(selector.matches("t1", BETA_EU_GOLD)).isTrue();
        assertThat(selector.matches("t2", FREE_US)).isFalse();
        assertThat(selector.matches("t3", Map.of())).isTrue();
    }

    @Test
    void shouldNotMatchATenantWithoutTheLabelWhenTheClauseIsEqualsOrIn() {
        assertThat(SelectorParser.parse("group=beta").matches("t1", Map.of())).isFalse();
        assertThat(SelectorParser.parse("region in (eu)").matches("t1", Map.of()))
                .isFalse();
    }

    @Test
    void shouldTestTheTenantIdWhenTheKeyIsId() {
        // given
        TenantSelector selector = SelectorParser.parse("id in (tenant_0001,tenant_0003)");

        // then
        assertThat(selector.matches("tenant_0001", Map.of("id", "tenant_0002"))).isTrue();
        assertThat(selector.matches("tenant_0002", Map.of("id", "tenant_0001"))).isFalse();
    }

    @ParameterizedTest(name = "''{0}'' fails at {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''|1|expected a label key",
                "group=|7|expected a value",
                "Group=beta|1|expected a label key",
                "group beta|7|expected =, != or in",
                "group=beta,|12|expected a label key",
                "group=beta tier=free|12|expected , or the end",
                "region in eu|11|expected ( to start",
                "region in (eu,us|17|expected , or )",
                "region in ()|12|expected a value",
                "*,group=beta|2|expected , or the end",
                "tier!free|5|expected =, != or in"
            })
    void shouldNameThePositionAndTheExpectationWhenTheSelectorIsMalformed(String text, int position, String problem) {
        assertThatThrownBy(() -> SelectorParser.parse(text))
                .isInstanceOfSatisfying(
                        SelectorException.class, e -> assertThat(e.position()).isEqualTo(position))
                .hasMessageStartingWith("at position " + position + ": ")
                .hasMessageContaining(problem);
    }
}
