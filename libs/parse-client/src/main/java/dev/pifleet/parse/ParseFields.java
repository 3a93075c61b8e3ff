package dev.pifleet.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The fields of a create or update, built from typed values only. */
public final class ParseFields {

    private final ObjectNode body = ParseJson.NODES.objectNode();

    private ParseFields() {
    }

    public static ParseFields create() {
        return new ParseFields();
    }

    public ParseFields set(String field, String value) {
        body.put(ParseNames.requireFieldName(field), value);
        return this;
    }

    public ParseFields set(String field, long value) {
        body.put(ParseNames.requireFieldName(field), value);
        return this;
    }

    public ParseFields set(String field, double value) {
        body.put(ParseNames.requireFieldName(field), value);
        return this;
    }

    public ParseFields set(String field, boolean value) {
        body.put(ParseNames.requireFieldName(field), value);
        return this;
    }

    public ParseFields set(String field, Instant value) {
        body.set(ParseNames.requireFieldName(field), ParseJson.date(value));
        return this;
    }

    public ParseFields set(String field, Pointer value) {
        body.set(ParseNames.requireFieldName(field), ParseJson.pointer(value));
        return this;
    }

    /** An Array field of strings. */
    public ParseFields set(String field, List<String> values) {
        ArrayNode array = body.putArray(ParseNames.requireFieldName(field));
        values.forEach(array::add);
        return this;
    }

    /**
     * Parse's atomic Increment: the database adds {@code amount} to the stored number (a missing one counts as 0), so
     * concurrent updates each get their own value; Parse answers the field's new value in the update's result.
     */
    public ParseFields increment(String field, long amount) {
        body.putObject(ParseNames.requireFieldName(field)).put("__op", "Increment").put("amount", amount);
        return this;
    }

    /** A JSON object field whose values are strings, numbers, booleans, nulls, or lists and objects of them. */
    public ParseFields setObject(String field, Map<String, ?> values) {
        body.set(ParseNames.requireFieldName(field), ParseJson.plainObject(values));
        return this;
    }

    /** Removes the field from the stored object. */
    public ParseFields unset(String field) {
        body.putObject(ParseNames.requireFieldName(field)).put("__op", "Delete");
        return this;
    }

    public ParseFields acl(ParseAcl acl) {
        body.set("ACL", acl.toJson());
        return this;
    }

    ObjectNode toJson() {
        return body.deepCopy();
    }
}
