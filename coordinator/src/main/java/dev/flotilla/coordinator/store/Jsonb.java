package dev.flotilla.coordinator.store;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** String maps (labels, targets) in and out of {@code jsonb} columns. */
public final class Jsonb {

    private Jsonb() {}

    /** The object's fields as text, sorted by key; empty for SQL null. */
    public static Map<String, String> strings(JsonObject json) {
        Map<String, String> map = new TreeMap<>();
        if (json != null) {
            json.forEach(entry -> map.put(entry.getKey(), String.valueOf(entry.getValue())));
        }
        return map;
    }

    public static JsonObject of(Map<String, String> map) {
        return new JsonObject(new HashMap<String, Object>(map));
    }
}
