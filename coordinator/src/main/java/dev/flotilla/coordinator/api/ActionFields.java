package dev.flotilla.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** The fields of an action's body: why, which wave, the confirmation, flags. */
final class ActionFields {

    private ActionFields() {}

    /** The optional {@code reason} of an action's body. */
    static String reason(JsonNode body) {
        return text(body, "reason").orElse(null);
    }

    /** The optional {@code wave} of an approval's body: the wave the operator means to approve. */
    static Optional<String> wave(JsonNode body) {
        return text(body, "wave");
    }

    /** The optional {@code confirm} of an action's body: the environment's name, when it is protected. */
    static String confirm(JsonNode body) {
        return text(body, "confirm").orElse(null);
    }

    /** The optional boolean {@code field} of an action's body; false when absent. */
    static boolean flag(JsonNode body, String field) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return false;
        }
        JsonNode value = body.get(field);
        if (!body.isObject() || (value != null && !value.isNull() && !value.isBoolean())) {
            throw ApiProblem.badRequest(field, "the body is {\"" + field + "\": true|false}");
        }
        return value != null && value.asBoolean();
    }

    static Optional<String> text(JsonNode body, String field) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return Optional.empty();
        }
        JsonNode value = body.get(field);
        if (!body.isObject() || (value != null && !value.isNull() && !value.isTextual())) {
            throw ApiProblem.badRequest(field, "the body is {\"" + field + "\": \"…\"}, with text");
        }
        return value == null || value.isNull() || value.asText().isBlank()
                ? Optional.empty()
                : Optional.of(value.asText().strip());
    }
}
