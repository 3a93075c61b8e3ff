package dev.pifleet.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A query on one class. Every constraint takes a typed value, so a caller can never place
 * request JSON (such as {@code {"$ne": null}}) into the {@code where} clause.
 */
public final class ParseQuery {

    /**
     * Parse Server's {@code maxLimit} (parse-server/index.js, which a test holds to this): no query answers more
     * rows than this, and a larger limit is cut to it without an error.
     */
    public static final int MAX_LIMIT = 1000;

    private final String className;
    private final ObjectNode where = ParseJson.NODES.objectNode();
    private final List<String> order = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private final List<String> include = new ArrayList<>();
    private Integer limit;

    private ParseQuery(String className) {
        this.className = ParseNames.requireClassName(className);
    }

    public static ParseQuery of(String className) {
        return new ParseQuery(className);
    }

    public String className() {
        return className;
    }

    public ParseQuery equalTo(String field, String value) {
        return equal(field, ParseJson.NODES.textNode(Objects.requireNonNull(value, "value")));
    }

    public ParseQuery equalTo(String field, long value) {
        return equal(field, ParseJson.NODES.numberNode(value));
    }

    public ParseQuery equalTo(String field, boolean value) {
        return equal(field, ParseJson.NODES.booleanNode(value));
    }

    public ParseQuery equalTo(String field, Instant value) {
        return equal(field, ParseJson.date(value));
    }

    public ParseQuery equalTo(String field, Pointer value) {
        return equal(field, ParseJson.pointer(value));
    }

    public ParseQuery notEqualTo(String field, String value) {
        return operator(field, "$ne", ParseJson.NODES.textNode(Objects.requireNonNull(value, "value")));
    }

    public ParseQuery greaterThan(String field, Instant value) {
        return operator(field, "$gt", ParseJson.date(value));
    }

    public ParseQuery greaterThanOrEqualTo(String field, Instant value) {
        return operator(field, "$gte", ParseJson.date(value));
    }

    public ParseQuery lessThan(String field, Instant value) {
        return operator(field, "$lt", ParseJson.date(value));
    }

    public ParseQuery lessThanOrEqualTo(String field, Instant value) {
        return operator(field, "$lte", ParseJson.date(value));
    }

    public ParseQuery greaterThan(String field, long value) {
        return operator(field, "$gt", ParseJson.NODES.numberNode(value));
    }

    public ParseQuery lessThan(String field, long value) {
        return operator(field, "$lt", ParseJson.NODES.numberNode(value));
    }

    public ParseQuery greaterThan(String field, String value) {
        return operator(field, "$gt", ParseJson.NODES.textNode(Objects.requireNonNull(value, "value")));
    }

    public ParseQuery lessThan(String field, String value) {
        return operator(field, "$lt", ParseJson.NODES.textNode(Objects.requireNonNull(value, "value")));
    }

    public ParseQuery containedIn(String field, Collection<String> values) {
        ArrayNode array = ParseJson.NODES.arrayNode();
        values.forEach(value -> array.add(Objects.requireNonNull(value, "value")));
        return operator(field, "$in", array);
    }

    public ParseQuery exists(String field) {
        return operator(field, "$exists", ParseJson.NODES.booleanNode(true));
    }

    public ParseQuery doesNotExist(String field) {
        return operator(field, "$exists", ParseJson.NODES.booleanNode(false));
    }

    /** Matches when any of the alternatives matches (their class name is ignored; only constraints count). */
    public ParseQuery or(ParseQuery... alternatives) {
        ArrayNode any = where.putArray("$or");
        for (ParseQuery alternative : alternatives) {
            any.add(alternative.where.deepCopy());
        }
        return this;
    }

    /** Sort keys in priority order; a leading '-' sorts descending. */
    public ParseQuery orderBy(String... fields) {
        for (String field : fields) {
            ParseNames.requireFieldName(field.startsWith("-") ? field.substring(1) : field);
            order.add(field);
        }
        return this;
    }

    public ParseQuery limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        this.limit = limit;
        return this;
    }

    public ParseQuery keys(String... fields) {
        for (String field : fields) {
            keys.add(ParseNames.requireFieldName(field));
        }
        return this;
    }

    public ParseQuery include(String... fields) {
        for (String field : fields) {
            include.add(ParseNames.requireFieldName(field));
        }
        return this;
    }

    String whereJson() {
        return where.isEmpty() ? null : where.toString();
    }

    String orderParam() {
        return order.isEmpty() ? null : String.join(",", order);
    }

    String keysParam() {
        return keys.isEmpty() ? null : String.join(",", keys);
    }

    String includeParam() {
        return include.isEmpty() ? null : String.join(",", include);
    }

    Integer limitParam() {
        return limit;
    }

    private ParseQuery equal(String field, JsonNode value) {
        ParseNames.requireFieldName(field);
        JsonNode existing = where.get(field);
        if (existing instanceof ObjectNode operators && isOperatorObject(operators)) {
            operators.set("$eq", value);
        } else {
            where.set(field, value);
        }
        return this;
    }

    private ParseQuery operator(String field, String operator, JsonNode value) {
        ParseNames.requireFieldName(field);
        JsonNode existing = where.get(field);
        ObjectNode operators;
        if (existing instanceof ObjectNode object && isOperatorObject(object)) {
            operators = object;
        } else {
            operators = ParseJson.NODES.objectNode();
            if (existing != null) {
                operators.set("$eq", existing);
            }
            where.set(field, operators);
        }
        operators.set(operator, value);
        return this;
    }

    private static boolean isOperatorObject(ObjectNode node) {
        return node.properties().stream().allMatch(entry -> entry.getKey().startsWith("$"));
    }
}
