package dev.pifleet.sensorlog;

import java.time.Instant;

/** One summary row: a device's bucket of one resolution. Its text form is the row's unique {@code key}. */
public record RollupKey(String deviceObjectId, Resolution resolution, Instant bucket) {

    public String text() {
        return deviceObjectId + "/" + resolution.code() + "/" + bucket.getEpochSecond();
    }
}
