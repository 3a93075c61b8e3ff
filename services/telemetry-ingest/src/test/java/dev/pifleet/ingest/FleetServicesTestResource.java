package dev.pifleet.ingest;

import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The shared real Parse Server plus the real auth-gateway and device-registry: for the owners' readings
 * endpoint (sessions) and for what the registry shows.
 */
public class FleetServicesTestResource implements QuarkusTestResourceLifecycleManager {

    static QuarkusAppProcess deviceRegistry() {
        return SharedServices.deviceRegistry();
    }

    @Override
    public Map<String, String> start() {
        deviceRegistry();
        return SharedServices.serviceConfig();
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; stopped when the JVM exits.
    }
}
