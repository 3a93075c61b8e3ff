package dev.pifleet.device;

import java.time.Duration;
import java.time.Instant;

/** A device's status as the contract names it, derived from when it was last heard from. */
public enum DeviceStatus {
    ONLINE("online"),
    OFFLINE("offline"),
    NEVER_SEEN("never_seen");

    private final String wireName;

    DeviceStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Online while the last heartbeat or reading is younger than the offline timeout. */
    public static DeviceStatus of(Instant lastSeen, Instant now, Duration offlineTimeout) {
        if (lastSeen == null) {
            return NEVER_SEEN;
        }
        return lastSeen.isAfter(now.minus(offlineTimeout)) ? ONLINE : OFFLINE;
    }
}
