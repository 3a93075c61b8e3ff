package dev.pifleet.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Parse's REST encodings of dates, pointers and plain values. */
final class ParseJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ParseJson() {
    }

    static ObjectNode date(Instant instant) {
        // Parse stores milliseconds; truncating here keeps what we send equal to what we read back.
        return NODES.objectNode()
                .put("__type", "Date")
                .put("iso", instant.truncatedTo(ChronoUnit.MILLIS).toString());
    }

    static ObjectNode pointer(Pointer pointer) {
        return NODES.objectNode()
                .put("__type", "Pointer")
                .put("className", pointer.className())
                .put("objectId", pointer.objectId());
    }

    /**
     * A value of a plain JSON object field: strings, numbers, booleans, and lists and objects of them; null only
     * inside an object or list (a top-level null field would mean something else to Parse).
     */
    static JsonNode plainValue(Object value) {
        return switch (value) {
            case String text -> NODES.textNode(text);
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case Double number -> NODES.numberNode(number);
            case Float number -> NODES.numberNode(number);
            case Boolean flag -> NODES.booleanNode(flag);
            case java.math.BigInteger number -> NODES.numberNode(number);
            case java.math.BigDecimal number -> NODES.numberNode(number);
            case Map<?, ?> nested -> {
                ObjectNode node = NODES.objectNode();
                nested.forEach((key, inner) -> node.set((String) key, nestedValue(inner)));
                yield node;
            }
            case java.util.List<?> items -> {
                com.fasterxml.jackson.databind.node.ArrayNode array = NODES.arrayNode();
                items.forEach(item -> array.add(nestedValue(item)));
                yield array;
            }
            case null -> throw new IllegalArgumentException("null is not a storable value");
            default -> throw new IllegalArgumentException("not a storable value type: " + value.getClass().getSimpleName());
        };
    }

    private static JsonNode nestedValue(Object value) {
        return value == null ? NODES.nullNode() : plainValue(value);
    }

    static ObjectNode plainObject(Map<String, ?> values) {
        ObjectNode node = NODES.objectNode();
        values.forEach((key, value) -> node.set(key, nestedValue(value)));
        return node;
    }

    static Instant readDate(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        // createdAt/updatedAt arrive as plain strings, other dates as {__type: Date, iso}.
        String iso = node.isTextual() ? node.asText() : node.path("iso").asText(null);
        return iso == null ? null : Instant.parse(iso);
    }
}
