package dev.pifleet.fleet;

import dev.pifleet.device.DeviceClass;
import dev.pifleet.parse.Pointer;

/** A paired device as fleet control needs it: its Parse row, public deviceId and owner. */
public record FleetDevice(String objectId, String deviceId, String ownerId) {

    public Pointer pointer() {
        return new Pointer(DeviceClass.NAME, objectId);
    }
}
