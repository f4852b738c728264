package dev.flotilla.coordinator;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** The coordinator's REST API as the integration tests read it, and their patience. */
final class CoordinatorApi {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private CoordinatorApi() {}

    static ConditionFactory await() {
        return Awaitility.await().atMost(TIMEOUT).pollInSameThread().pollInterval(Duration.ofMillis(100));
    }

    static JsonPath getJson(String path) {
        return given().when().get(path).then().statusCode(200).extract().jsonPath();
    }

    /** POSTs a JSON body as {@code actor} (an admin token of that name), expecting {@code status}. */
    static JsonPath post(String path, String actor, String body, int status) {
        return given().contentType(ContentType.JSON)
                .header(TestCallers.as(actor))
                .body(body)
                .when()
                .post(path)
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    static List<Map<String, Object>> tenants() {
        return getJson("/api/tenants").getList("$");
    }

    /** The tenant's cells, version to state, in catalog order. */
    static Map<String, String> cellStates(String tenant) {
        Map<String, String> states = new LinkedHashMap<>();
        for (Map<String, Object> cell : getJson("/api/matrix?tenant=" + tenant).<Map<String, Object>>getList("items")) {
            states.put((String) cell.get("version"), (String) cell.get("state"));
        }
        return states;
    }
}
