package dev.pifleet.registry.rollout;

import java.util.Locale;

/** A rollout's own state; a device's is {@link DeviceState}. */
public enum RolloutState {
    RUNNING, PAUSED, CANCELLED, COMPLETED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RolloutState of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    public boolean over() {
        return this == CANCELLED || this == COMPLETED;
    }
}
