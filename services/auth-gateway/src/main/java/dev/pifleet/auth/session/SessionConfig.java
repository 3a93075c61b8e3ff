package dev.pifleet.auth.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The verify caches (defaults here; an app's application.properties or the environment may override them). */
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

    /**
     * How long a token Parse refused is refused again without asking it. Parse never reissues a token, so a
     * refused token cannot become valid; the bound only keeps the memory of refusals short.
     */
    @WithDefault("30s")
    Duration negativeCacheTtl();

    /** Bounds the refusals' memory; a spray of distinct tokens evicts the oldest. */
    @WithDefault("100000")
    long negativeCacheMaxEntries();
}
