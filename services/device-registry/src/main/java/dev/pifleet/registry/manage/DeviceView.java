package dev.pifleet.registry.manage;

import dev.pifleet.device.DeviceStatus;
import dev.pifleet.registry.device.StoredDevice;
import java.time.Instant;

/** A device as its owner sees it: no key, no key hash, no Parse ids. */
public record DeviceView(String deviceId, String name, String status, Instant lastSeen, Instant createdAt) {

    static DeviceView of(StoredDevice device, DeviceStatus status) {
        return new DeviceView(device.deviceId(), device.name(), status.wireName(), device.lastSeen(), device.createdAt());
    }
}
