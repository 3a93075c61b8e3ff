package dev.pifleet.registry.device;

import java.time.Instant;

/**
 * A Device row as the registry reads it: never with its key hash, which nothing here needs to see.
 * {@code agentKey} is set when the device was paired by claim code (the agent proved possession), null when it was
 * paired by deviceId alone. {@code keyGeneration} counts the changes of its key (see {@link DeviceStore#changeKey}).
 */
public record StoredDevice(String objectId, String deviceId, String name, String ownerId, String status,
        Instant lastSeen, Instant createdAt, String agentKey, long keyGeneration) {

    public boolean pairedByCode() {
        return agentKey != null;
    }

    public boolean isOwnedBy(String userId) {
        return ownerId != null && ownerId.equals(userId);
    }

    public StoredDevice withName(String newName) {
        return new StoredDevice(objectId, deviceId, newName, ownerId, status, lastSeen, createdAt, agentKey, keyGeneration);
    }
}
