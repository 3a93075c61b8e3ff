package dev.pifleet.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** A number field, or null when the field is absent. */
    public Long getLong(String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }

    /** An Array field of strings; empty when the field is absent. */
    public List<String> getStrings(String field) {
        List<String> values = new ArrayList<>();
        json.path(field).forEach(item -> values.add(item.asText()));
        return values;
    }

    /** A JSON object field as a map of plain values (strings, numbers, booleans, nulls, lists and maps of them). */
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
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(plainValue(item)));
            return items;
        }
        if (node.isObject()) {
            Map<String, Object> nested = new LinkedHashMap<>();
            node.properties().forEach(entry -> nested.put(entry.getKey(), plainValue(entry.getValue())));
            return nested;
        }
        return node.isNull() ? null : node.asText();
    }
}
