package dev.pifleet.registry;

import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The registry under test talks to the shared real Parse Server and the real auth-gateway. */
public class AuthGatewayTestResource implements QuarkusTestResourceLifecycleManager {

    static QuarkusAppProcess authGateway() {
        return SharedServices.authGateway();
    }

    @Override
    public Map<String, String> start() {
        return SharedServices.serviceConfig();
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; stopped when the JVM exits.
    }
}
