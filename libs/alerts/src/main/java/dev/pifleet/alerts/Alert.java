package dev.pifleet.alerts;

import java.time.Instant;

/** One episode of a rule: opened once, resolved once. {@code value} is the reading (or quiet seconds) that opened it. */
public record Alert(String objectId, String ruleId, String ownerId, String deviceObjectId, String deviceId,
        AlertKind kind, String sensor, Double threshold, String state, Instant openedAt, Instant resolvedAt,
        Double value, Double resolvedValue, String episode) {

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";

    public boolean open() {
        return OPEN.equals(state);
    }
}
