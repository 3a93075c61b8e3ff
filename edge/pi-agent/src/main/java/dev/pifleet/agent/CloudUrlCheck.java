package dev.pifleet.agent;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.net.URI;

/** In the cloud environment the agent refuses to start with a plain-HTTP cloud or registry URL: the key travels over both. */
@Startup(1)
@Singleton
public class CloudUrlCheck {

    CloudUrlCheck(AgentConfig config) {
        if (config.requireHttps()) {
            requireHttps("pifleet.agent.cloud-url", config.cloudUrl(), "the device key travels with every request");
            requireHttps("pifleet.agent.registry-url", config.registryUrl(), "the device key is collected from it");
        }
    }

    private static void requireHttps(String setting, URI url, String why) {
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalStateException(setting + " is " + url + ", but the cloud environment needs an https:// URL: "
                    + why + ". Set PIFLEET_CLOUD_URL=https://... (or use --env local for a LAN test setup).");
        }
    }
}
