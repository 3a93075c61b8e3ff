package dev.pifleet.ingest.device;

import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.parse.Pointer;

/** The device an API key belongs to: its Parse row, public deviceId and owner. */
public record DeviceIdentity(String objectId, String deviceId, String ownerId) {

    public Pointer pointer() {
        return DeviceClass.pointer(objectId);
    }
}
