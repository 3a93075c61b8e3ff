package dev.pifleet.registry;

import dev.pifleet.testing.ParseStack;
import dev.pifleet.testing.QuarkusAppProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The registry under test talks to the shared real Parse Server and to the real auth-gateway,
 * started from its built jar once per test JVM.
 */
public class AuthGatewayTestResource implements QuarkusTestResourceLifecycleManager {

    private static QuarkusAppProcess authGateway;

    static synchronized QuarkusAppProcess authGateway() {
        if (authGateway == null) {
            QuarkusAppProcess gateway = new QuarkusAppProcess("services/auth-gateway",
                    ParseStack.shared().parseServer().clientConfig()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(gateway::stop, "stop-auth-gateway"));
            authGateway = gateway;
        }
        return authGateway;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(ParseStack.shared().parseServer().clientConfig());
        config.put("pifleet.auth-gateway.url", authGateway().url());
        return config;
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; the shutdown hook stops it.
    }
}
