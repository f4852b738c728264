package dev.flotilla.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The coordinator's REST API ({@code docs/api.md}) over the JDK's HTTP client. Answers are read as
 * JSON trees rather than bound to classes, so fields the coordinator adds never break the CLI.
 */
public final class ApiClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http;

    /**
     * @param baseUrl the coordinator's root, e.g. {@code http://127.0.0.1:8080}; never null
     * @param token the API token sent as {@code Authorization: Bearer}; null to send none
     */
    public ApiClient(String baseUrl, String token) {
        this.token = token;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    public URI base() {
        return base;
    }

    /** GETs {@code path} (relative, e.g. {@code api/tenants}); a JSON null for an empty body. */
    public JsonNode get(String path) {
        return send(request(path).GET().build(), path);
    }

    /** POSTs {@code body} as JSON to {@code path}. */
    public JsonNode post(String path, Object body) {
        return sendJson("POST", path, body);
    }

    /** PATCHes {@code path} with {@code body} as JSON. */
    public JsonNode patch(String path, Object body) {
        return sendJson("PATCH", path, body);
    }

    private JsonNode sendJson(String method, String path, Object body) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be written as JSON", e);
        }
        HttpRequest request = request(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build();
        return send(request, path);
    }

    /** The status of a GET, without reading the body as JSON; 0 when nothing answers. */
    public int status(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** DELETEs {@code path}. */
    public JsonNode delete(String path) {
        return send(request(path).DELETE().build(), path);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /** {@code value} made safe as one segment of a path (an id typed by a person may hold anything). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(HttpRequest request, String path) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw ApiException.unreachable(base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unreachable(base, e);
        }
        if (response.statusCode() >= 400) {
            throw ApiException.fromResponse(request.method(), "/" + path, response.statusCode(), response.body());
        }
        if (response.body().isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new CliException(
                    "the coordinator answered " + path + " with something that is not JSON: " + e.getOriginalMessage());
        }
    }
}
