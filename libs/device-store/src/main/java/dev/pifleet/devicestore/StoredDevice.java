package dev.pifleet.devicestore;

import java.time.Instant;
import java.util.List;

/**
 * A Device row as services read it: never with its key hash, which only the key lookup compares.
 * {@code agentKey} is set when the device was paired by claim code (the agent proved possession), null when it was
 * paired by deviceId alone. {@code keyGeneration} counts the changes of its key (see {@link DeviceStore#changeKey}).
 * {@code tags} are the owner's labels (empty when none). {@code purging}: the owner asked for it and its readings to
 * be deleted; it is no one's device any more (see {@link DeviceStore#markForPurge}).
 */
public record StoredDevice(String objectId, String deviceId, String name, String ownerId, String status,
        Instant lastSeen, Instant createdAt, String agentKey, long keyGeneration, List<String> tags, boolean purging) {

    public boolean pairedByCode() {
        return agentKey != null;
    }

    public boolean isOwnedBy(String userId) {
        return ownerId != null && ownerId.equals(userId);
    }

    public StoredDevice withName(String newName) {
        return new StoredDevice(objectId, deviceId, newName, ownerId, status, lastSeen, createdAt, agentKey,
                keyGeneration, tags, purging);
    }

    public StoredDevice withTags(List<String> newTags) {
        return new StoredDevice(objectId, deviceId, name, ownerId, status, lastSeen, createdAt, agentKey,
                keyGeneration, newTags, purging);
    }
}
