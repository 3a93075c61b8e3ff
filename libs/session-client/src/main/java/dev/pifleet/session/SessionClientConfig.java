package dev.pifleet.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The session cache of every service that verifies sessions through the auth-gateway. */
@ConfigMapping(prefix = "pifleet.session")
public interface SessionClientConfig {

    /**
     * How long a positive validation is reused: the bound within which a logout takes effect in this service, the
     * bound the contract allows. 0 asks the gateway every time.
     */
    @WithDefault("5s")
    Duration cacheTtl();
}
