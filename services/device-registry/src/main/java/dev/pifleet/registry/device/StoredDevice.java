package dev.pifleet.registry.device;

import java.time.Instant;

/** A Device row as the registry reads it: never with its key hash, which nothing here needs to see. */
public record StoredDevice(String objectId, String deviceId, String name, String ownerId, String status,
        Instant lastSeen, Instant createdAt) {

    public boolean isOwnedBy(String userId) {
        return ownerId != null && ownerId.equals(userId);
    }

    public StoredDevice withName(String newName) {
        return new StoredDevice(objectId, deviceId, newName, ownerId, status, lastSeen, createdAt);
    }
}
