package dev.pifleet.registry.device;

import dev.pifleet.fleet.FleetDevice;
import java.time.Instant;
import java.util.List;

/**
 * A Device row as the registry reads it: never with its key hash, which nothing here needs to see.
 * {@code agentKey} is set when the device was paired by claim code (the agent proved possession), null when it was
 * paired by deviceId alone. {@code tags} are the owner's labels (empty when none).
 */
public record StoredDevice(String objectId, String deviceId, String name, String ownerId, String status,
        Instant lastSeen, Instant createdAt, String agentKey, List<String> tags) {

    public boolean pairedByCode() {
        return agentKey != null;
    }

    public boolean isOwnedBy(String userId) {
        return ownerId != null && ownerId.equals(userId);
    }

    public StoredDevice withName(String newName) {
        return new StoredDevice(objectId, deviceId, newName, ownerId, status, lastSeen, createdAt, agentKey, tags);
    }

    public StoredDevice withTags(List<String> newTags) {
        return new StoredDevice(objectId, deviceId, name, ownerId, status, lastSeen, createdAt, agentKey, newTags);
    }

    /** The device as fleet control addresses it. */
    public FleetDevice fleet() {
        return new FleetDevice(objectId, deviceId, ownerId);
    }
}
