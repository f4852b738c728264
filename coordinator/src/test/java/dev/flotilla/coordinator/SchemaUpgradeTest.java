package dev.flotilla.coordinator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A coordinator database created before Flyway ({@link PreFlywaySchema}: version 3 and some rows) is
 * migrated in place when the coordinator starts on it: Flyway is baselined at 3, only the later
 * scripts run, and the rows are still there, carried forward by V4.
 */
@QuarkusTest
@WithTestResource(SchemaUpgradeTest.PreFlywayResources.class)
class SchemaUpgradeTest {

    @BeforeAll
    static void authenticate() {
        TestCallers.useBootstrap();
    }

    /** The coordinator's test infrastructure, with its database built the old way before it starts. */
    public static class PreFlywayResources extends CoordinatorTestResources {

        @Override
        protected void configure(Map<String, String> config) {
            PreFlywaySchema.build(postgres(), database());
            super.configure(config);
        }
    }

    private CoordinatorDb db;

    @BeforeEach
    void connect() {
        db = CoordinatorDb.ofConfig(ConfigProvider.getConfig());
    }

    @Test
    void shouldBaselineAtTheOldVersionAndRunOnlyLaterScriptsWhenTheDatabasePredatesFlyway() {
        // given a database the hand-written migrator had brought to version 3, the coordinator started on

        // then Flyway adopted it at 3 and applied V4 and V5, and the old bookkeeping table is gone
        assertThat(db.rows("select version, type, description, success::text from flyway_schema_history"
                        + " order by installed_rank"))
                .startsWith(
                        List.of("3", "BASELINE", "adopted from coordinator_schema", "true"),
                        List.of("4", "SQL", "phased rollouts", "true"),
                        List.of("5", "SQL", "drop coordinator schema", "true"))
                .allSatisfy(row -> assertThat(row.get(3)).isEqualTo("true"));
        assertThat(db.rows("select to_regclass('coordinator_schema') is null")).containsExactly(List.of("t"));
    }

    @Test
    void shouldKeepTheRowsWrittenUnderTheOldSchemaWhenMigratingInPlace() {
        // given a tenant, an applied cell and a finished rollout written under version 3, the coordinator
        // started on

        // then the tenant and its cell are still there, and the API serves them
        JsonPath tenants =
                given().get("/api/tenants").then().statusCode(200).extract().jsonPath();
        assertThat(tenants.getList("id")).contains(PreFlywaySchema.TENANT);
        assertThat(tenants.getString("find { it.id == '" + PreFlywaySchema.TENANT + "' }.labels.tier"))
                .isEqualTo("gold");
        assertThat(db.cellCountsByVersionAndState().get("0001")).containsEntry("APPLIED", 1);
        assertThat(db.rows("select cells from cell_counts where version = '0001' and state = 2"))
                .containsExactly(List.of("1"));

        // and V4 carried the rollout forward: limits from its old max_parallel, one wave holding its run
        String rollout = "'" + PreFlywaySchema.ROLLOUT + "'";
        assertThat(db.rows("select state, per_site, per_wave, target->>'version', current_wave from rollouts"
                        + " where rollout_id = " + rollout))
                .containsExactly(List.of("1", "7", "7", "0001", "0"));
        assertThat(db.rows("select position, name, selector from rollout_waves where rollout_id = " + rollout))
                .containsExactly(List.of("0", "all", "*"));
        assertThat(db.rows("select run_id, state, wave, sends from runs where rollout_id = " + rollout))
                .containsExactly(List.of(PreFlywaySchema.RUN, "3", "0", "1"));
    }
}
