package dev.pifleet.devicestore;

/** A device and the role in which the caller holds it (owner, or operator/viewer through a share). */
public record DeviceAccess(StoredDevice device, DeviceRole role) {

    public boolean shared() {
        return role != DeviceRole.OWNER;
    }
}
