package dev.flotilla.coordinator;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who the integration tests call the API as. Every request carries the bootstrap admin token unless
 * it names another caller ({@link #as}): an admin token of that name, issued through the API itself,
 * so what the coordinator records as the actor is that name.
 */
public final class TestCallers {

    /** The bootstrap token every test coordinator is configured with (a test secret, nothing else). */
    public static final String BOOTSTRAP = "flt_testBootstrapTokenOfTheIntegrationTests0000";

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private TestCallers() {}

    /**
     * Makes every request of this test class that names no caller carry the bootstrap token (a filter,
     * so the port Quarkus sets is kept); forgets the tokens of earlier apps.
     */
    public static void useBootstrap() {
        TOKENS.clear();
        RestAssured.replaceFiltersWith((request, response, context) -> {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", "Bearer " + BOOTSTRAP);
            }
            return context.next(request, response);
        });
    }

    /** The header that makes a request come from {@code actor}, an admin. */
    public static Header as(String actor) {
        return bearer(tokenOf(actor, "admin"));
    }

    /** The header of a token with {@code role}, issued once per app and name. */
    public static Header as(String actor, String role) {
        return bearer(tokenOf(actor, role));
    }

    public static Header bearer(String secret) {
        return new Header("Authorization", "Bearer " + secret);
    }

    private static String tokenOf(String actor, String role) {
        return TOKENS.computeIfAbsent(RestAssured.port + "/" + actor + "/" + role, key -> issue(actor, role));
    }

    /** Issues a token through the API, replacing an active one of the same name an earlier class left. */
    public static String issue(String name, String role) {
        var answer = given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", role, "expires", "1d"))
                .post("/api/tokens");
        if (answer.statusCode() == 409) {
            given().delete("/api/tokens/" + name).then().statusCode(200);
            return issue(name, role);
        }
        return answer.then().statusCode(201).extract().path("secret");
    }
}
