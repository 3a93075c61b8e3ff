package dev.pifleet.fleet;

import dev.pifleet.devicestore.DeviceAccess;
import dev.pifleet.devicestore.DeviceRole;
import dev.pifleet.devicestore.StoredDevice;
import jakarta.enterprise.context.ApplicationScoped;

/** Builds {@link DeviceView}s: the registry's device answers and the ingest's overview show a device alike. */
@ApplicationScoped
public class DeviceViews {

    private final OfflineTimeout timeout;
    private final DeviceConfigStore configs;

    DeviceViews(OfflineTimeout timeout, DeviceConfigStore configs) {
        this.timeout = timeout;
        this.configs = configs;
    }

    /** The device with its fleet state, read now (one query). */
    public DeviceView of(DeviceAccess access) {
        return of(access.device(), access.role(), configs.find(access.device().objectId()));
    }

    /** The device with fleet state the caller has read already (a list reads all of an owner's at once). */
    public DeviceView of(StoredDevice device, DeviceRole role, ConfigRow fleet) {
        return DeviceView.of(device, role, timeout.statusOf(device.lastSeen()), fleet);
    }
}
