package dev.flotilla.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a new database Flyway applies every script from V1, and no pre-Flyway bookkeeping exists. Reads
 * only, so it shares the application of {@link RolloutFlowTest} in any order.
 */
@QuarkusTest
@WithTestResource(CoordinatorTestResources.class)
class SchemaFreshTest {

    @BeforeAll
    static void authenticate() {
        TestCallers.useBootstrap();
    }

    @Test
    void shouldApplyEveryScriptFromTheFirstWhenTheDatabaseIsNew() {
        // given the fresh database of CoordinatorTestResources
        CoordinatorDb db = CoordinatorDb.ofConfig(ConfigProvider.getConfig());

        // when the coordinator has started on it

        // then Flyway recorded V1 to V5, all successful, without a baseline
        assertThat(db.rows("select version, type, description, success::text from flyway_schema_history"
                        + " order by installed_rank"))
                .startsWith(
                        List.of("1", "SQL", "coordinator state", "true"),
                        List.of("2", "SQL", "quiet runs and dead letters", "true"),
                        List.of("3", "SQL", "cell counts", "true"),
                        List.of("4", "SQL", "phased rollouts", "true"),
                        List.of("5", "SQL", "drop coordinator schema", "true"))
                .allSatisfy(row -> assertThat(row.get(1)).isEqualTo("SQL"))
                .allSatisfy(row -> assertThat(row.get(3)).isEqualTo("true"));
        assertThat(db.rows("select to_regclass('coordinator_schema') is null")).containsExactly(List.of("t"));
    }
}
