package dev.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What differs between two observations of the system, leaf by leaf ({@code matrix.items[3].updatedAt:
 * 2026-… → 2026-…}), so a test that expects nothing to change fails naming what did instead of
 * printing two pages of JSON.
 */
final class JsonDifferences {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonDifferences() {}

    /** The leaves whose values differ, or that only one side has; empty when both are equal. */
    static List<String> between(Object before, Object after) {
        Map<String, String> was = leaves(JSON.valueToTree(before));
        Map<String, String> is = leaves(JSON.valueToTree(after));
        TreeSet<String> paths = new TreeSet<>(was.keySet());
        paths.addAll(is.keySet());
        List<String> differences = new ArrayList<>();
        for (String path : paths) {
            String old = was.get(path);
            String now = is.get(path);
            if (old == null || !old.equals(now)) {
                differences.add(path + ": " + old + " → " + now);
            }
        }
        return differences;
    }

    private static Map<String, String> leaves(JsonNode root) {
        Map<String, String> leaves = new TreeMap<>();
        collect(root, "", leaves);
        return leaves;
    }

    private static void collect(JsonNode node, String path, Map<String, String> leaves) {
        if (node.isObject()) {
            node.properties().forEach(field -> collect(field.getValue(), path + "." + field.getKey(), leaves));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", leaves);
            }
            leaves.put(path + ".length", Integer.toString(node.size()));
        } else {
            leaves.put(path, node.toString());
        }
    }
}
