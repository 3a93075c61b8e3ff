package dev.pifleet.devicestore;

import java.time.Instant;

/**
 * One grant of a device to whoever holds (or later creates) the account with this normalised email, as its owner
 * made it. The answer is the same whether the account exists or not, so a share reveals nothing about who has one.
 */
public record DeviceShare(String id, String deviceObjectId, String deviceId, String ownerId, String email,
        DeviceRole role, Instant createdAt) {
}
