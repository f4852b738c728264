package dev.flotilla.coordinator.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the typed fields of a plan document, each refusal a {@link PlanFileException} naming the
 * field, so every part of a plan says what is wrong the same way. Pure.
 */
final class PlanFields {

    private PlanFields() {}

    static String text(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw new PlanFileException(field, field + " is required");
        }
        if (!node.isTextual()) {
            throw new PlanFileException(field, field + " must be a string (in YAML, quote it: \"0003\")");
        }
        return node.asText();
    }

    /** A boolean field; false when absent. */
    static boolean bool(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new PlanFileException(field, field + " must be true or false");
        }
        return node.asBoolean();
    }

    static OptionalInt optionalInt(JsonNode node, String field, int min, int max) {
        if (node == null || node.isNull()) {
            return OptionalInt.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            throw new PlanFileException(
                    field,
                    field + " must be an integer "
                            + (max == Integer.MAX_VALUE ? "of at least " + min : "between " + min + " and " + max));
        }
        return OptionalInt.of(node.asInt());
    }

    /** Refuses the first field of {@code object} not in {@code known}; {@code prefix} is the object's path. */
    static void unknownFields(JsonNode object, Set<String> known, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new PlanFileException(
                        prefix + name,
                        "unknown field " + prefix + name + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }
}
