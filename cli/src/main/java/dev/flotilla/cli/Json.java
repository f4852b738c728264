package dev.flotilla.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON mapper of the CLI. It is a tolerant reader, like every Flotilla reader: the
 * coordinator may add fields to any answer, and an older CLI must keep working.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** The text of {@code node.field}, or {@code null} when it is absent or JSON null. */
    /** The first 8 characters of an id, enough to tell ids apart in a terminal; null stays null. */
    public static String shortId(String id) {
        return id == null || id.length() <= 8 ? id : id.substring(0, 8);
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The integer at {@code node.field}, or 0 when it is absent: counts the server left out are none. */
    public static long count(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? 0 : value.asLong();
    }

    /** The texts of a JSON array, in order; empty when it is not an array. */
    public static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
