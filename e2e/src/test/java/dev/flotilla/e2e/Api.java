package dev.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client for the coordinator's REST API, as an operator's tool would use it. */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** The coordinator's address, {@code http://127.0.0.1:PORT}. */
    String base() {
        return base;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), 200);
    }

    JsonNode post(String path, String body, int expectedStatus) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                expectedStatus);
    }

    /** POSTs as {@code actor} (the X-Flotilla-Actor header), expecting 200. */
    JsonNode postAs(String actor, String path, String body) throws IOException, InterruptedException {
        return postAs(actor, path, body, 200);
    }

    /** POSTs as {@code actor} (the X-Flotilla-Actor header), expecting {@code expectedStatus}. */
    JsonNode postAs(String actor, String path, String body, int expectedStatus)
            throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .header("X-Flotilla-Actor", actor)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                expectedStatus);
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
