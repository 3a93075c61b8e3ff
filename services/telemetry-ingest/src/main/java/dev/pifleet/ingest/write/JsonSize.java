package dev.pifleet.ingest.write;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * An estimate of a JSON value's size in bytes, without serializing it: what the group-commit queue counts against
 * {@code queue-max-bytes}. Strings count their characters, every other scalar a fixed 16; the estimate need not be
 * exact, only proportional to what a queued reading holds.
 */
final class JsonSize {

    static final int SCALAR = 16;

    private JsonSize() {
    }

    static long of(JsonNode node) {
        if (node == null) {
            return 0;
        }
        if (node.isTextual()) {
            return node.textValue().length() + 2L;
        }
        if (node.isObject()) {
            long size = 2;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                size += field.getKey().length() + 4L + of(field.getValue());
            }
            return size;
        }
        if (node.isArray()) {
            long size = 2;
            for (JsonNode item : node) {
                size += 1 + of(item);
            }
            return size;
        }
        return SCALAR;
    }
}
