package dev.pifleet.auth.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "pifleet.session")
public interface SessionConfig {

    /**
     * How long a positive validation is reused without asking Parse. A session ended elsewhere
     * (another replica, Parse directly) may pass this long; a logout through this replica evicts at once.
     */
    @WithDefault("5s")
    Duration cacheTtl();

    /** Bounds the cache's memory: about 100 bytes per entry. */
    @WithDefault("100000")
    long cacheMaxEntries();
}
