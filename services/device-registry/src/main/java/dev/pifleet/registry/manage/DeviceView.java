package dev.pifleet.registry.manage;

import dev.pifleet.device.DeviceStatus;
import dev.pifleet.registry.device.StoredDevice;
import java.time.Instant;

/**
 * A device as its owner sees it: no key, no key hash, no agent key, no Parse ids. {@code pairing} is {@code code}
 * (the Pi proved possession and collects its own keys) or {@code legacy} (paired by deviceId).
 */
public record DeviceView(String deviceId, String name, String status, Instant lastSeen, Instant createdAt,
        String pairing) {

    static DeviceView of(StoredDevice device, DeviceStatus status) {
        return new DeviceView(device.deviceId(), device.name(), status.wireName(), device.lastSeen(), device.createdAt(),
                device.pairedByCode() ? "code" : "legacy");
    }
}
