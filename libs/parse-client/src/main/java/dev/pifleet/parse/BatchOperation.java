package dev.pifleet.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One write of a {@code /batch} request. */
public record BatchOperation(String method, String path, ObjectNode body) {

    public static BatchOperation create(String className, ParseFields fields) {
        return new BatchOperation("POST", "/classes/" + ParseNames.requireClassName(className), fields.toJson());
    }

    public static BatchOperation update(String className, String objectId, ParseFields fields) {
        return new BatchOperation("PUT", objectPath(className, objectId), fields.toJson());
    }

    public static BatchOperation delete(String className, String objectId) {
        return new BatchOperation("DELETE", objectPath(className, objectId), null);
    }

    private static String objectPath(String className, String objectId) {
        if (objectId == null || !objectId.matches("[A-Za-z0-9]{1,32}")) {
            throw new IllegalArgumentException("not a Parse objectId: " + objectId);
        }
        return "/classes/" + ParseNames.requireClassName(className) + "/" + objectId;
    }
}
