package dev.pifleet.fleet;

import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.devicestore.StoredDevice;
import dev.pifleet.parse.Pointer;

/** A paired device as fleet control needs it: its Parse row, public deviceId and owner. */
public record FleetDevice(String objectId, String deviceId, String ownerId) {

    public static FleetDevice of(StoredDevice device) {
        return new FleetDevice(device.objectId(), device.deviceId(), device.ownerId());
    }

    public Pointer pointer() {
        return DeviceClass.pointer(objectId);
    }
}
