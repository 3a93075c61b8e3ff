package dev.pifleet.auth.throttle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Brute-force limits for login, counted in memory by each replica. */
@ConfigMapping(prefix = "pifleet.auth.login-throttle")
public interface LoginThrottleConfig {

    /** Failed logins for one email within {@link #window()} before it is refused with 429. */
    @WithDefault("10")
    int maxFailuresPerEmail();

    /** Failed logins from one client address within {@link #window()}; higher, since NAT puts many users behind one. */
    @WithDefault("50")
    int maxFailuresPerAddress();

    @WithDefault("15m")
    Duration window();

    /** Bounds memory under a spray of distinct emails or addresses; the oldest counters go first. */
    @WithDefault("100000")
    long maxTrackedKeys();
}
