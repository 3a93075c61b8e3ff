package dev.pifleet.ingest;

import dev.pifleet.testing.ParseStack;
import dev.pifleet.testing.QuarkusAppProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared real Parse Server plus the real auth-gateway and device-registry, started from their built jars
 * once per test JVM: for the owners' readings endpoint (sessions) and for what the registry shows.
 */
public class FleetServicesTestResource implements QuarkusTestResourceLifecycleManager {

    private static QuarkusAppProcess authGateway;
    private static QuarkusAppProcess deviceRegistry;

    static synchronized QuarkusAppProcess authGateway() {
        if (authGateway == null) {
            authGateway = started(new QuarkusAppProcess("services/auth-gateway", ParseStack.shared().parseServer().clientConfig()));
        }
        return authGateway;
    }

    static synchronized QuarkusAppProcess deviceRegistry() {
        if (deviceRegistry == null) {
            Map<String, String> config = new HashMap<>(ParseStack.shared().parseServer().clientConfig());
            config.put("pifleet.auth-gateway.url", authGateway().url());
            deviceRegistry = started(new QuarkusAppProcess("services/device-registry", config));
        }
        return deviceRegistry;
    }

    private static QuarkusAppProcess started(QuarkusAppProcess app) {
        app.start();
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "stop-" + app.module()));
        return app;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(ParseStack.shared().parseServer().clientConfig());
        config.put("pifleet.auth-gateway.url", authGateway().url());
        deviceRegistry();
        return config;
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; the shutdown hooks stop them.
    }
}
