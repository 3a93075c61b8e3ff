package dev.pifleet.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
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

    /** A JSON object field whose values are strings, numbers, booleans or objects of them. */
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
