package dev.pifleet.agent;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/** In the cloud environment the agent refuses to start with a plain-HTTP cloud URL: the key travels with every request. */
@Startup(1)
@Singleton
public class CloudUrlCheck {

    CloudUrlCheck(AgentConfig config) {
        if (config.requireHttps() && !"https".equalsIgnoreCase(config.cloudUrl().getScheme())) {
            throw new IllegalStateException("pifleet.agent.cloud-url is " + config.cloudUrl()
                    + ", but the cloud environment needs an https:// URL: the device key travels with every request."
                    + " Set PIFLEET_CLOUD_URL=https://... (or use --env local for a LAN test setup).");
        }
    }
}
