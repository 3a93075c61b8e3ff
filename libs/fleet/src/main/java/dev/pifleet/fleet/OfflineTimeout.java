package dev.pifleet.fleet;

import dev.pifleet.device.DeviceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The one place that turns "last heard from" into the status a user sees. */
@ApplicationScoped
public class OfflineTimeout {

    private final FleetConfig config;

    OfflineTimeout(FleetConfig config) {
        this.config = config;
    }

    /**
     * Computed from lastSeen rather than read from the stored status, which lags by up to one
     * sweep interval: the answer is true at the moment it is given.
     */
    public DeviceStatus statusOf(Instant lastSeen) {
        return DeviceStatus.of(lastSeen, Instant.now(), config.offlineTimeout());
    }

    /** Devices last seen before this instant are offline now. */
    public Instant quietSince() {
        return Instant.now().minus(config.offlineTimeout());
    }
}
