package dev.pifleet.alerts;

import java.util.Arrays;
import java.util.Optional;

/** What a rule watches. The wire name is what the API and Parse store. */
public enum AlertKind {
    OFFLINE("offline"),
    ABOVE("above"),
    BELOW("below");

    private final String wire;

    AlertKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean threshold() {
        return this != OFFLINE;
    }

    public static Optional<AlertKind> fromWire(String wire) {
        return Arrays.stream(values()).filter(kind -> kind.wire.equals(wire)).findFirst();
    }
}
