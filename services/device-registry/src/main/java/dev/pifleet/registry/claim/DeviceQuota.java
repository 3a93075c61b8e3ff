package dev.pifleet.registry.claim;

import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.registry.status.RegistryConfig;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How many devices one account may own ({@code pifleet.registry.device-quota}). Counted before a new row is written,
 * so concurrent claims by one user can pass it by the number in flight: it bounds abuse, not exact billing.
 */
@ApplicationScoped
public class DeviceQuota {

    private final DeviceStore devices;
    private final int quota;

    DeviceQuota(DeviceStore devices, RegistryConfig config) {
        this.devices = devices;
        this.quota = config.deviceQuota();
    }

    public void requireRoomFor(String userId) {
        if (devices.countOwned(userId) >= quota) {
            throw new ApiException(403, "device_quota_exceeded",
                    "this account already has " + quota + " devices, the most it may have; unpair one first");
        }
    }
}
