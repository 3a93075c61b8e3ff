package dev.pifleet.registry.status;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "pifleet.registry")
public interface RegistryConfig {

    /** How often {@link OfflineSweep} runs (read by its {@code @Scheduled} expression; typed and checked here). */
    Duration sweepInterval();

    /** The most devices one account may own. */
    int deviceQuota();

    /** The most accounts one device may be shared with. */
    int sharesPerDevice();
}
