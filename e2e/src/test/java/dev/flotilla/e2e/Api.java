package dev.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small JSON client for the coordinator's REST API, as an operator's tool would use it: as the
 * bootstrap admin every test coordinator is given ({@link #BOOTSTRAP}), or as a named caller
 * ({@link #postAs}) with an admin token of that name, so the coordinator records that name.
 */
final class Api {

    /** The bootstrap token every system-test coordinator is configured with (a test secret). */
    static final String BOOTSTRAP = "flt_e2eBootstrapTokenOfTheSystemTests0000000000";

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    Api(int port) {
        this("http://127.0.0.1:" + port);
    }

    Api(String base) {
        this.base = base;
    }

    /** The coordinator's address, {@code http://127.0.0.1:PORT}. */
    String base() {
        return base;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(request(path, BOOTSTRAP).GET().build(), 200);
    }

    JsonNode post(String path, String body, int expectedStatus) throws IOException, InterruptedException {
        return send(
                request(path, BOOTSTRAP)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                expectedStatus);
    }

    /** POSTs as {@code actor} (an admin token of that name), expecting 200. */
    JsonNode postAs(String actor, String path, String body) throws IOException, InterruptedException {
        return postAs(actor, path, body, 200);
    }

    /** POSTs as {@code actor} (an admin token of that name), expecting {@code expectedStatus}. */
    JsonNode postAs(String actor, String path, String body, int expectedStatus)
            throws IOException, InterruptedException {
        return send(
                request(path, tokenOf(actor))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                expectedStatus);
    }

    /** A dashboard page as a browser logged in with the bootstrap token gets it, as text. */
    String page(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                request(path, BOOTSTRAP).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** An admin token called {@code actor}, issued once per coordinator database (a rerun replaces it). */
    String tokenOf(String actor) throws IOException, InterruptedException {
        return tokenOf(actor, "admin");
    }

    /** A token of {@code role} called {@code actor}, issued once per coordinator database. */
    String tokenOf(String actor, String role) throws IOException, InterruptedException {
        String key = base + "/" + actor + "/" + role;
        String known = TOKENS.get(key);
        if (known != null) {
            return known;
        }
        String body = "{\"name\": \"" + actor + "\", \"role\": \"" + role + "\", \"expires\": \"1d\"}";
        HttpResponse<String> issued = http.send(
                request("/api/tokens", BOOTSTRAP)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (issued.statusCode() == 409) {
            http.send(
                    request("/api/tokens/" + actor, BOOTSTRAP).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
            return tokenOf(actor, role);
        }
        if (issued.statusCode() != 201) {
            throw new IllegalStateException(
                    "issuing a token for " + actor + " answered " + issued.statusCode() + ": " + issued.body());
        }
        String secret = JSON.readTree(issued.body()).path("secret").asText();
        TOKENS.put(key, secret);
        return secret;
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    }

    /** True when the API answers at all. */
    boolean up() {
        try {
            get("/api/migrations");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode send(HttpRequest request, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
