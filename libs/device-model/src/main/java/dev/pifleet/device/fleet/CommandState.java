package dev.pifleet.device.fleet;

import java.util.Arrays;
import java.util.Optional;

/** {@code queued → sent → succeeded | failed}, or {@code queued → expired} when its time to live passes first. */
public enum CommandState {
    QUEUED, SENT, SUCCEEDED, FAILED, EXPIRED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == EXPIRED;
    }

    public static Optional<CommandState> fromWire(String name) {
        return Arrays.stream(values()).filter(state -> state.wireName().equals(name)).findFirst();
    }
}
