package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Who acts on a rollout, and why, as a request says it. */
final class Actors {

    static final String ANONYMOUS = "anonymous";
    private static final int MAX_LENGTH = 200;

    private Actors() {}

    /** The actor named by the {@code X-Flotilla-Actor} header, or {@value #ANONYMOUS}. */
    static String of(String header) {
        if (header == null || header.isBlank()) {
            return ANONYMOUS;
        }
        if (header.length() > MAX_LENGTH) {
            throw ApiProblem.badRequest(
                    RolloutResource.ACTOR, "the actor's name is longer than " + MAX_LENGTH + " characters");
        }
        return header.strip();
    }

    /** The optional {@code reason} of an action's body. */
    static String reason(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        JsonNode reason = body.get("reason");
        if (!body.isObject() || (reason != null && !reason.isNull() && !reason.isTextual())) {
            throw ApiProblem.badRequest("reason", "the body is {\"reason\": \"why\"}");
        }
        return reason == null || reason.isNull() || reason.asText().isBlank()
                ? null
                : reason.asText().strip();
    }
}
