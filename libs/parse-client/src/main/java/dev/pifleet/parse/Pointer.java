package dev.pifleet.parse;

import java.util.Objects;

/** A Parse Pointer: a reference to one object of one class. */
public record Pointer(String className, String objectId) {

    public Pointer {
        ParseNames.requireClassName(className);
        Objects.requireNonNull(objectId, "objectId");
    }

    public static Pointer user(String userId) {
        return new Pointer("_User", userId);
    }
}
