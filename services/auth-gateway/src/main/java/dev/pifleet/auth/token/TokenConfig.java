package dev.pifleet.auth.token;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Personal API tokens; the defaults are in application.properties. */
@ConfigMapping(prefix = "pifleet.auth.tokens")
public interface TokenConfig {

    /** Live tokens one account may hold; bounds the rows a user can make. */
    int maxPerUser();

    /** The lifetime of a token created without {@code expiresInDays}. */
    int defaultExpiresInDays();

    /**
     * {@code lastUsedAt} is written when a use is this much later than the stored one: a script calling every second
     * costs Parse one write a minute, not one per call.
     */
    Duration lastUsedResolution();

    /** How long a valid token is reused without asking Parse: the sessions' bound (application.properties). */
    Duration cacheTtl();

    /** How long a refused token is refused again without asking Parse: a revoked token never comes back. */
    Duration refusedCacheTtl();

    /** Bounds each cache's memory. */
    long cacheMaxEntries();
}
