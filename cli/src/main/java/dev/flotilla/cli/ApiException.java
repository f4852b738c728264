package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;

/**
 * A coordinator call that did not succeed: either the coordinator did not answer ({@code status}
 * 0), or it answered with an RFC 9457 problem, whose {@code detail} and {@code field} the message
 * shows, because they tell the operator which argument to fix. Detail and field may be null.
 */
public final class ApiException extends CliException {

    private final int status;
    private final String detail;
    private final String field;

    private ApiException(String message, int status, String detail, String field, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.detail = detail;
        this.field = field;
    }

    static ApiException unreachable(URI base, Exception cause) {
        String reason = cause.getClass().getSimpleName();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                reason = t.getMessage();
                break;
            }
        }
        return new ApiException(
                "cannot reach the coordinator at " + base + " (" + reason + ").\n"
                        + "Start a local stack with `flotilla local up`, or point --api or FLOTILLA_API at a"
                        + " running coordinator.",
                0,
                null,
                null,
                cause);
    }

    /** Builds the exception from an error response; a body that is not a problem is shown as text. */
    static ApiException fromResponse(String method, String path, int status, String body) {
        JsonNode problem = parse(body);
        String title = Json.text(problem, "title");
        String detail = problem == null ? abbreviate(body) : Json.text(problem, "detail");
        String field = Json.text(problem, "field");
        StringBuilder message = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" failed: ")
                .append(status);
        if (title != null) {
            message.append(' ').append(title);
        }
        if (detail != null && !detail.isBlank()) {
            message.append("\n  detail: ").append(detail);
        }
        if (field != null) {
            message.append("\n  field:  ").append(field);
        }
        if (status == 401) {
            message.append("\n  hint:   give the CLI a token: FLOTILLA_TOKEN, FLOTILLA_TOKEN_FILE or"
                    + " ~/.config/flotilla/token (docs/security.md)");
        }
        return new ApiException(message.toString(), status, detail, field, null);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        String trimmed = body == null ? "" : body.strip();
        return trimmed.length() <= 500 ? trimmed : trimmed.substring(0, 500) + "…";
    }

    /** The HTTP status, or 0 when the coordinator did not answer at all. */
    public int status() {
        return status;
    }

    public boolean unreachable() {
        return status == 0;
    }

    /** The problem's detail; null when absent. */
    public String detail() {
        return detail;
    }

    /** The request field the problem is about; null when it is not about one field. */
    public String field() {
        return field;
    }
}
