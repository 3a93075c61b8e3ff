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
    private static QuarkusAppProcess alerting;

    private SharedServices() {
    }

    public static synchronized QuarkusAppProcess authGateway() {
        if (authGateway == null) {
            // Account mails (verification at sign-up) go to a port nobody listens on, never to the local run's sink.
            Map<String, String> config = new HashMap<>(ParseStack.shared().parseServer().clientConfig());
            config.put("quarkus.mailer.port", String.valueOf(FreePort.find()));
            authGateway = new QuarkusAppProcess("services/auth-gateway", config).start();
        }
        return authGateway;
    }

    public static synchronized QuarkusAppProcess deviceRegistry() {
        if (deviceRegistry == null) {
            // Tests pair by deviceId as well as by code: the seed's flow is off unless turned on.
            Map<String, String> config = serviceConfig();
            config.put("pifleet.pairing.legacy-enabled", "true");
            deviceRegistry = new QuarkusAppProcess("services/device-registry", config).start();
        }
        return deviceRegistry;
    }

    public static synchronized QuarkusAppProcess telemetryIngest() {
        if (telemetryIngest == null) {
            telemetryIngest = new QuarkusAppProcess("services/telemetry-ingest", serviceConfig()).start();
        }
        return telemetryIngest;
    }

    /** The alerting service; its mails go to a port nobody listens on, so deliveries wait and retry. */
    public static synchronized QuarkusAppProcess alerting() {
        if (alerting == null) {
            Map<String, String> config = serviceConfig();
            config.put("quarkus.mailer.port", String.valueOf(FreePort.find()));
            // The tests' users never open their verification mail.
            config.put("pifleet.alerts.mail-verified-only", "false");
            alerting = new QuarkusAppProcess("services/alerting", config).start();
        }
        return alerting;
    }

    /** What a backend service needs: the shared Parse Server and the shared auth-gateway for sessions. */
    public static Map<String, String> serviceConfig() {
        Map<String, String> config = new HashMap<>(ParseStack.shared().parseServer().clientConfig());
        config.put("pifleet.auth-gateway.url", authGateway().url());
        return config;
    }
}
