package dev.flotilla.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes manifests read into fabric8's Kubernetes object model, which is generated from the
 * Kubernetes API's schema, and checked against it: the kind must be one the deployment uses, and no
 * field may be one the schema lacks (fabric8 keeps unknown fields aside in {@code
 * additionalProperties} rather than failing; they are looked for in every object of the tree).
 */
final class Manifests {

    /**
     * Strict as the API server is: a repeated key, and a scalar of the wrong type (a quoted port, an
     * unquoted number or boolean where text is expected), are errors, never coerced.
     */
    static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory()));

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

    /** An object of a manifest, or why it is not a valid one. */
    record Parsed(String source, HasMetadata object, List<String> problems) {}

    private Manifests() {}

    /** Every document of a YAML text, each read as the kind it names. */
    static List<Parsed> read(String source, String yaml) {
        List<Parsed> parsed = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            int index = 0;
            while (documents.hasNext()) {
                JsonNode document = (JsonNode) documents.next();
                String where = source + " document " + index++;
                if (document == null || document.isNull()) {
                    continue;
                }
                if (!document.isObject()) {
                    parsed.add(new Parsed(where, null, List.of(where + ": not a mapping")));
                    continue;
                }
                parsed.add(read(where, document));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": not YAML", e);
        }
        return parsed;
    }

    private static Parsed read(String where, JsonNode document) {
        String kind = document.path("apiVersion").asText() + "/"
                + document.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            return new Parsed(where, null, List.of(where + ": kind " + kind + " is not one of " + KINDS.keySet()));
        }
        HasMetadata object;
        try {
            object = YAML.treeToValue(document, type);
        } catch (IOException e) {
            return new Parsed(where, null, List.of(where + ": " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        unknownFields(object, where + " " + kind, problems);
        return new Parsed(where, object, problems);
    }

    /** Adds a problem for each object of the tree that holds fields its type does not have. */
    static void unknownFields(Object value, String path, List<String> problems) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> unknownFields(item, path + "." + key, problems));
            return;
        }
        if (value == null || !value.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": no such field " + extra.keySet());
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3))
                    + getter.getName().substring(4);
            unknownFields(child, path + "." + field, problems);
        }
    }

    private static Object invoke(Method getter, Object value) {
        try {
            return getter.invoke(value);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
