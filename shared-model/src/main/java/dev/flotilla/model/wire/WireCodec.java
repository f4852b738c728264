package dev.flotilla.model.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * JSON for envelopes. Readers ignore unknown fields, so writers may add optional ones. Thread-safe.
 */
public final class WireCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private WireCodec() {}

    /** The mapper the wire uses, for adapters that need the same settings. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The envelope as JSON, written field by field (no intermediate tree: this runs for every event). */
    public static byte[] encode(Envelope<?> envelope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", envelope.id().toString());
            json.writeStringField("type", envelope.type());
            json.writeNumberField("v", envelope.v());
            if (envelope.tenant() != null) {
                json.writeStringField("tenant", envelope.tenant());
            }
            if (envelope.rollout() != null) {
                json.writeStringField("rollout", envelope.rollout().toString());
            }
            json.writeStringField("at", envelope.at().toString());
            json.writeFieldName("payload");
            MAPPER.writeValue(json, envelope.payload());
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("records of the wire contract always serialise", e);
        }
        return out.toByteArray();
    }

    /**
     * @param bytes the record's value; null for a tombstone, which is no envelope either
     * @throws WireException when the bytes are not an envelope (also when there are none), or of a type
     *     this reader does not know ({@link WireException#isUnknownType()})
     */
    public static Envelope<Payload> decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            // Jackson throws IllegalArgumentException for null, which readers do not expect: they skip a
            // WireException and would let anything else stop their channel
            throw WireException.malformed("no value: a tombstone or an empty record is not an envelope", null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw WireException.malformed("not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw WireException.malformed("an envelope is a JSON object", null);
        }
        String type = text(node, "type", true);
        Class<? extends Payload> payloadClass =
                MessageTypes.classOf(type).orElseThrow(() -> WireException.unknownType(type));
        try {
            Payload payload = MAPPER.treeToValue(node.get("payload"), payloadClass);
            if (payload == null) {
                throw WireException.malformed("envelope of type " + type + " has no payload", null);
            }
            return new Envelope<>(
                    UUID.fromString(text(node, "id", true)),
                    node.path("v").asInt(Envelope.CURRENT_VERSION),
                    text(node, "tenant", false),
                    uuid(text(node, "rollout", false)),
                    Instant.parse(text(node, "at", true)),
                    payload);
        } catch (JsonProcessingException | IllegalArgumentException | java.time.DateTimeException e) {
            throw WireException.malformed("malformed " + type + ": " + e.getMessage(), e);
        }
    }

    private static UUID uuid(String text) {
        return text == null ? null : UUID.fromString(text);
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw WireException.malformed("envelope has no '" + field + "'", null);
            }
            return null;
        }
        return value.asText();
    }
}
