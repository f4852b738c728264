package dev.flotilla.coordinator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the REST API refuses, and how: RFC 9457 problem bodies naming the field at fault. Changes no
 * state, so it shares the application (and its test resources) with {@link RolloutFlowTest} in any
 * order.
 */
@QuarkusTest
@WithTestResource(CoordinatorTestResources.class)
class RestValidationTest {

    @BeforeAll
    static void authenticate() {
        TestCallers.useBootstrap();
    }

    private static final String PROBLEM_JSON = "application/problem+json";

    static Stream<Arguments> invalidRollouts() {
        return Stream.of(
                arguments("missing target", "{\"tenants\": \"all\"}", "target"),
                arguments("target not an object", "{\"target\": \"0003\", \"tenants\": \"all\"}", "target"),
                arguments("missing target.version", "{\"target\": {}, \"tenants\": \"all\"}", "target.version"),
                arguments(
                        "unknown target.version",
                        "{\"target\": {\"version\": \"9999\"}, \"tenants\": \"all\"}",
                        "target.version"),
                arguments(
                        "target.version not digits",
                        "{\"target\": {\"version\": \"latest\"}, \"tenants\": \"all\"}",
                        "target.version"),
                arguments(
                        "target.version a number",
                        "{\"target\": {\"version\": 3}, \"tenants\": \"all\"}",
                        "target.version"),
                arguments("missing tenants", "{\"target\": {\"version\": \"0003\"}}", "tenants"),
                arguments(
                        "tenants a word other than all",
                        "{\"target\": {\"version\": \"0003\"}, \"tenants\": \"some\"}",
                        "tenants"),
                arguments("tenants an empty list", "{\"target\": {\"version\": \"0003\"}, \"tenants\": []}", "tenants"),
                arguments("tenants a number", "{\"target\": {\"version\": \"0003\"}, \"tenants\": 5}", "tenants"),
                arguments(
                        "tenant id not an id",
                        "{\"target\": {\"version\": \"0003\"}, \"tenants\": [\"Not A Tenant\"]}",
                        "tenants[0]"),
                arguments(
                        "maxParallel 0",
                        "{\"target\": {\"version\": \"0003\"}, \"tenants\": \"all\", \"maxParallel\": 0}",
                        "maxParallel"),
                arguments(
                        "maxParallel \"x\"",
                        "{\"target\": {\"version\": \"0003\"}, \"tenants\": \"all\", \"maxParallel\": \"x\"}",
                        "maxParallel"),
                arguments(
                        "maxParallel 5000",
                        "{\"target\": {\"version\": \"0003\"}, \"tenants\": \"all\", \"maxParallel\": 5000}",
                        "maxParallel"),
                arguments(
                        "maxParallel 1.5",
                        "{\"target\": {\"version\": \"0003\"}, \"tenants\": \"all\", \"maxParallel\": 1.5}",
                        "maxParallel"),
                arguments(
                        "maxParallel -1",
                        "{\"target\": {\"version\": \"0003\"}, \"tenants\": \"all\", \"maxParallel\": -1}",
                        "maxParallel"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRollouts")
    void shouldAnswerBadRequestNamingTheFieldWhenARolloutRequestIsInvalid(String why, String body, String field) {
        // when
        ExtractableResponse<Response> response = post(body);

        // then
        JsonPath problem = problem(response, 400);
        assertThat(problem.getString("field")).isEqualTo(field);
        assertThat(problem.getString("detail")).isNotBlank();
    }

    @Test
    void shouldAnswerBadRequestNamingTheTenantAndStartNothingWhenATenantIsUnknown() {
        // given
        int rolloutsBefore = rollouts();

        // when
        ExtractableResponse<Response> response =
                post("{\"target\": {\"version\": \"0003\"}, \"tenants\": [\"nobody-" + suffix() + "\"]}");

        // then
        JsonPath problem = problem(response, 400);
        assertThat(problem.getString("field")).isEqualTo("tenants");
        assertThat(problem.getString("detail")).contains("nobody-");
        assertThat(rollouts()).isEqualTo(rolloutsBefore);
    }

    @Test
    void shouldAnswerBadRequestWhenTheBodyIsMalformedJson() {
        // when
        ExtractableResponse<Response> response = post("{\"target\": {\"version\": ");

        // then
        JsonPath problem = problem(response, 400);
        assertThat(problem.getString("detail")).containsIgnoringCase("malformed");
    }

    @Test
    void shouldAnswerBadRequestWhenTheBodyIsNotAnObject() {
        // when
        ExtractableResponse<Response> response = post("[1, 2]");

        // then
        JsonPath problem = problem(response, 400);
        assertThat(problem.getString("detail")).contains("JSON object");
        assertThat(problem.getString("field")).isNull();
    }

    @Test
    void shouldAnswerNotFoundWhenTheRolloutIdIsUnknown() {
        // given
        UUID unknown = UUID.randomUUID();

        // when
        ExtractableResponse<Response> response =
                given().when().get("/api/rollouts/" + unknown).then().extract();

        // then
        JsonPath problem = problem(response, 404);
        assertThat(problem.getString("title")).isEqualTo("Not Found");
        assertThat(problem.getString("detail")).contains(unknown.toString());
        assertThat(problem.getString("field")).isNull();
    }

    @Test
    void shouldAnswerNotFoundWhenTheRolloutIdIsNotAUuid() {
        // when
        ExtractableResponse<Response> response =
                given().when().get("/api/rollouts/not-a-rollout").then().extract();

        // then
        problem(response, 404);
    }

    static Stream<Arguments> invalidQueries() {
        return Stream.of(
                arguments("/api/matrix?state=BOGUS", "state"),
                arguments("/api/matrix?state=UNKNOWN", "state"),
                arguments("/api/matrix?size=0", "size"),
                arguments("/api/matrix?size=1001", "size"),
                arguments("/api/matrix?size=x", "size"),
                arguments("/api/matrix?page=-1", "page"),
                arguments("/api/matrix?page=x", "page"),
                arguments("/api/dead-letters?limit=0", "limit"),
                arguments("/api/dead-letters?limit=1001", "limit"),
                arguments("/api/dead-letters?limit=x", "limit"),
                arguments("/api/dead-letters?setAsideBy=broker", "setAsideBy"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidQueries")
    void shouldAnswerBadRequestNamingTheParameterWhenAQueryIsInvalid(String uri, String field) {
        // when
        ExtractableResponse<Response> response = given().when().get(uri).then().extract();

        // then
        JsonPath problem = problem(response, 400);
        assertThat(problem.getString("field")).isEqualTo(field);
    }

    @Test
    void shouldListTheKnownStatesWhenTheMatrixStateIsUnknown() {
        // when
        ExtractableResponse<Response> response =
                given().when().get("/api/matrix?state=BOGUS").then().extract();

        // then
        assertThat(problem(response, 400).getString("detail"))
                .contains("BOGUS")
                .contains("PENDING")
                .contains("CHECKSUM_MISMATCH")
                .doesNotContain("UNKNOWN");
    }

    @Test
    void shouldAcceptAStateInAnyCaseWhenFilteringTheMatrix() {
        // given
        JsonPath upperCase = given().when()
                .get("/api/matrix?state=APPLIED&size=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        // when
        ExtractableResponse<Response> response =
                given().when().get("/api/matrix?state=applied&size=1000").then().extract();

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getInt("size")).isEqualTo(1000);
        assertThat(response.jsonPath().getInt("total")).isEqualTo(upperCase.getInt("total"));
        assertThat(response.jsonPath().<String>getList("items.state")).allMatch("APPLIED"::equals);
    }

    @Test
    void shouldServeTheOpenApiDocumentWhenAsked() {
        // when
        ExtractableResponse<Response> response =
                given().when().get("/q/openapi").then().extract();

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asString())
                .contains("/api/rollouts")
                .contains("/api/matrix")
                .contains("/api/tenants");
    }

    private static ExtractableResponse<Response> post(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/rollouts")
                .then()
                .extract();
    }

    private static JsonPath problem(ExtractableResponse<Response> response, int status) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        JsonPath problem = response.jsonPath();
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("type")).isEqualTo("about:blank");
        assertThat(problem.getString("title")).isNotBlank();
        return problem;
    }

    private static int rollouts() {
        return given().when()
                .get("/api/rollouts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$")
                .size();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
