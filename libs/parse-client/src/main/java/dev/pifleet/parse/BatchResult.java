package dev.pifleet.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The outcome of one operation of a batch: either the stored object's fields or its Parse error. */
public record BatchResult(ObjectNode success, ParseException error) {

    public boolean succeeded() {
        return error == null;
    }

    /** The objectId a create returned, or null. */
    public String objectId() {
        return success == null ? null : success.path("objectId").asText(null);
    }
}
