package dev.pifleet.fleet;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Settings of fleet control ({@code pifleet.fleet.*}); every default is in this library's microprofile-config.properties. */
@ConfigMapping(prefix = "pifleet.fleet")
public interface FleetConfig {

    /** A device is online while its last heartbeat or reading is younger than this. */
    Duration offlineTimeout();

    /** A command's time to live when the request names none. */
    Duration defaultCommandTtl();

    /** The longest time to live a command may ask for. */
    Duration maxCommandTtl();

    /**
     * A heartbeat whose report differs from the stored one only in the drifting numbers (uptime, oldest buffered age,
     * free disk) is written at most once per this interval.
     */
    Duration reportRefresh();

    /** How often each ingest replica asks Parse what changed, to wake the long-polls it holds. */
    Duration wakeInterval();

    /** How far back each look reaches before the previous one: covers clock skew between the registry and the ingest. */
    Duration wakeOverlap();
}
