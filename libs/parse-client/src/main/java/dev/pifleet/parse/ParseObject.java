package dev.pifleet.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An object read from Parse, with typed accessors for its fields. */
public record ParseObject(ObjectNode json) {

    public String objectId() {
        return json.path("objectId").asText(null);
    }

    public Instant createdAt() {
        return ParseJson.readDate(json.get("createdAt"));
    }

    public Instant updatedAt() {
        return ParseJson.readDate(json.get("updatedAt"));
    }

    public boolean has(String field) {
        return json.hasNonNull(field);
    }

    public String getString(String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public Instant getDate(String field) {
        return ParseJson.readDate(json.get(field));
    }

    /** The objectId of a Pointer field, or null when the field is absent. */
    public String getPointerId(String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.path("objectId").asText(null);
    }

    /** A JSON object field as a map of plain values (strings, numbers, booleans). */
    public Map<String, Object> getObject(String field) {
        Map<String, Object> values = new LinkedHashMap<>();
        json.path(field).properties().forEach(entry -> values.put(entry.getKey(), plainValue(entry.getValue())));
        return values;
    }

    public JsonNode get(String field) {
        return json.get(field);
    }

    private static Object plainValue(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isObject()) {
            Map<String, Object> nested = new LinkedHashMap<>();
            node.properties().forEach(entry -> nested.put(entry.getKey(), plainValue(entry.getValue())));
            return nested;
        }
        return node.isNull() ? null : node.asText();
    }
}
