package dev.flotilla.coordinator;

import static dev.flotilla.coordinator.CoordinatorApi.await;
import static dev.flotilla.coordinator.CoordinatorApi.getJson;
import static dev.flotilla.coordinator.CoordinatorTestResources.SITE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Inventory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A coordinator configured as the protected environment {@code production}: a wave approval, a
 * rollback, a plan going down and a plan that rolls a breached wave back on its own are refused,
 * dispatching nothing, until the request confirms the environment's name.
 */
@QuarkusTest
@TestProfile(ProtectedEnvironmentFlowTest.Production.class)
@WithTestResource(CoordinatorTestResources.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtectedEnvironmentFlowTest {

    @BeforeAll
    static void authenticate() {
        TestCallers.useBootstrap();
    }

    /** The coordinator's settings in production. */
    public static final class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flotilla.environment.name", "production", "flotilla.environment.protected", "true");
        }
    }

    private FakeAgent agent;
    private CoordinatorDb db;

    @BeforeAll
    void connect() {
        Config config = ConfigProvider.getConfig();
        agent = new FakeAgent(config.getValue("kafka.bootstrap.servers", String.class));
        db = CoordinatorDb.ofConfig(config);
        Envelope<Inventory> inventory = agent.publishInventory("prod_1", SITE, Map.of());
        await().until(() -> db.processed(inventory.id()));
    }

    @AfterAll
    void disconnect() {
        agent.close();
    }

    @Test
    void shouldApproveAWaveOnlyWhenTheRequestNamesTheProtectedEnvironment() {
        // given a rollout whose only wave needs an approval
        ExtractableResponse<Response> created = post(
                "/api/rollouts",
                "{\"target\": {\"version\": \"0001\"}, \"tenants\": [\"prod_1\"],"
                        + " \"waves\": [{\"name\": \"all\", \"select\": \"*\", \"approval\": true}]}");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String rollout = created.jsonPath().getString("id");

        // when it is approved without, then with the wrong, then with the right confirmation
        ExtractableResponse<Response> bare = post("/api/rollouts/" + rollout + "/approve", "{}");
        ExtractableResponse<Response> wrong =
                post("/api/rollouts/" + rollout + "/approve", "{\"confirm\": \"staging\"}");
        int dispatchedBefore = given().get("/api/rollouts/" + rollout)
                .then()
                .extract()
                .jsonPath()
                .getInt("runs.dispatched");
        ExtractableResponse<Response> confirmed =
                post("/api/rollouts/" + rollout + "/approve", "{\"confirm\": \"production\"}");

        // then only the confirmed approval opens the wave
        assertThat(bare.statusCode()).isEqualTo(409);
        assertThat(bare.jsonPath().getString("detail"))
                .contains("protected environment production")
                .contains("\"confirm\": \"production\"");
        assertThat(wrong.statusCode()).isEqualTo(409);
        assertThat(dispatchedBefore)
                .as("nothing is dispatched before the approval")
                .isZero();
        assertThat(confirmed.statusCode()).as(confirmed.asString()).isEqualTo(200);
        assertThat(confirmed.jsonPath().getString("waves[0].approvedBy")).isEqualTo("ops");

        // and rolling it back needs the confirmation too
        ExtractableResponse<Response> rollback = post("/api/rollouts/" + rollout + "/rollback", "{}");
        assertThat(rollback.statusCode()).isEqualTo(409);
        assertThat(rollback.jsonPath().getString("detail")).contains("a rollback needs a confirmation");
    }

    @Test
    void shouldRefuseAPlanGoingDownWhenItDoesNotNameTheProtectedEnvironment() {
        // when
        ExtractableResponse<Response> refused = post(
                "/api/rollouts",
                "{\"target\": {\"version\": \"0\"}, \"direction\": \"down\", \"tenants\": [\"prod_1\"]}");

        // then
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.jsonPath().getString("detail")).contains("a plan going down needs a confirmation");
    }

    @Test
    void shouldSendARepairOrABaselineOnlyWhenTheRequestNamesTheProtectedEnvironment() {
        // given a tenant of its own: the other tests dispatch runs to prod_1, and a busy tenant is refused
        Envelope<Inventory> inventory = agent.publishInventory("prod_2", SITE, Map.of());
        await().until(() -> db.processed(inventory.id()));

        // when
        ExtractableResponse<Response> repair = post(
                "/api/tenants/prod_2/repairs",
                "{\"version\": \"0001\", \"action\": \"mark-applied\", \"reason\": \"applied by hand\"}");
        ExtractableResponse<Response> baseline =
                post("/api/baselines", "{\"tenants\": [\"prod_2\"], \"version\": \"0001\", \"reason\": \"adopted\"}");
        ExtractableResponse<Response> confirmed = post(
                "/api/baselines",
                "{\"tenants\": [\"prod_2\"], \"version\": \"0001\", \"reason\": \"adopted\","
                        + " \"confirm\": \"production\"}");

        // then
        assertThat(repair.statusCode()).isEqualTo(409);
        assertThat(repair.jsonPath().getString("detail")).contains("a repair needs a confirmation");
        assertThat(baseline.statusCode()).isEqualTo(409);
        assertThat(baseline.jsonPath().getString("detail")).contains("a baseline needs a confirmation");
        assertThat(confirmed.statusCode()).as(confirmed.asString()).isEqualTo(202);
        assertThat(db.rows("select action, actor from repairs where tenant_id = 'prod_2'"))
                .containsExactly(List.of("BASELINE", "ops"));
    }

    @Test
    void shouldStartAPlanThatRollsABreachedWaveBackOnlyWhenItNamesTheProtectedEnvironment() {
        // given a plan whose breached wave would be rolled back without asking anyone
        String plan = "{\"target\": {\"version\": \"0001\"}, \"tenants\": [\"prod_1\"],"
                + " \"waves\": [{\"name\": \"all\", \"select\": \"*\", \"approval\": true}],"
                + " \"onBreach\": \"rollback-wave\"%s}";
        int before = rollouts();

        // when it is started without, then with the confirmation
        ExtractableResponse<Response> bare = post("/api/rollouts", plan.formatted(""));
        int afterRefusal = rollouts();
        ExtractableResponse<Response> confirmed =
                post("/api/rollouts", plan.formatted(", \"confirm\": \"production\""));

        // then only the confirmed plan starts, and it keeps its policy
        assertThat(bare.statusCode()).isEqualTo(409);
        assertThat(bare.jsonPath().getString("detail"))
                .contains("onBreach: rollback-wave")
                .contains("\"confirm\": \"production\"");
        assertThat(afterRefusal).as("a refused plan starts no rollout").isEqualTo(before);
        assertThat(confirmed.statusCode()).as(confirmed.asString()).isEqualTo(201);
        assertThat(confirmed.jsonPath().getString("onBreach")).isEqualTo("rollback-wave");
    }

    private static int rollouts() {
        return getJson("/api/rollouts").getList("$").size();
    }

    private static ExtractableResponse<Response> post(String path, String body) {
        return given().contentType(ContentType.JSON)
                .header(TestCallers.as("ops"))
                .body(body)
                .when()
                .post(path)
                .then()
                .extract();
    }
}
