package dev.pifleet.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * The real pifleet services a test JVM needs, each started once from its built jar on the shared
 * Parse Server ({@link ParseStack}) and wired to the shared auth-gateway; stopped when the JVM exits.
 */
public final class SharedServices {

    private static QuarkusAppProcess authGateway;
    private static QuarkusAppProcess deviceRegistry;
    private static QuarkusAppProcess telemetryIngest;

    private SharedServices() {
    }

    public static synchronized QuarkusAppProcess authGateway() {
        if (authGateway == null) {
            authGateway = new QuarkusAppProcess("services/auth-gateway", ParseStack.shared().parseServer().clientConfig())
                    .start();
        }
        return authGateway;
    }

    public static synchronized QuarkusAppProcess deviceRegistry() {
        if (deviceRegistry == null) {
            deviceRegistry = new QuarkusAppProcess("services/device-registry", serviceConfig()).start();
        }
        return deviceRegistry;
    }

    public static synchronized QuarkusAppProcess telemetryIngest() {
        if (telemetryIngest == null) {
            telemetryIngest = new QuarkusAppProcess("services/telemetry-ingest", serviceConfig()).start();
        }
        return telemetryIngest;
    }

    /** What a backend service needs: the shared Parse Server and the shared auth-gateway for sessions. */
    public static Map<String, String> serviceConfig() {
        Map<String, String> config = new HashMap<>(ParseStack.shared().parseServer().clientConfig());
        config.put("pifleet.auth-gateway.url", authGateway().url());
        return config;
    }
}
