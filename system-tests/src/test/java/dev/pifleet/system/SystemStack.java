package dev.pifleet.system;

import dev.pifleet.testing.ParseStack;
import dev.pifleet.testing.QuarkusAppProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole system on loopback, once per test JVM: Parse Server on a fresh database, the three services and a
 * simulated pi-agent reporting every few seconds. Each part is a real built jar, as in production.
 */
final class SystemStack {

    // Any loopback origin: the registry and ingest start before the UI's gateway has a port, so they cannot be
    // given its exact origin. No backslashes: SmallRye Config would eat them. No commas: they split the list.
    private static final String LOOPBACK_ORIGINS = "/http://127[.]0[.]0[.]1:[0-9]+/";

    private static SystemStack shared;

    private final QuarkusAppProcess gateway;
    private final QuarkusAppProcess registry;
    private final QuarkusAppProcess ingest;
    private final QuarkusAppProcess agent;

    private SystemStack() {
        Map<String, String> parse = ParseStack.shared().parseServer().clientConfig();

        // The registry and ingest verify sessions through a gateway, and the gateway serving the UI must know
        // their URLs (GET /config.json). QuarkusAppProcess picks a port at construction, so that cycle is broken
        // with two gateways on the same Parse: one for session checks, one for the browser. Sessions work on both.
        QuarkusAppProcess sessionGateway = new QuarkusAppProcess("services/auth-gateway", parse).start();
        Map<String, String> service = with(parse,
                "pifleet.auth-gateway.url", sessionGateway.url(),
                "quarkus.http.cors.origins", LOOPBACK_ORIGINS);
        registry = new QuarkusAppProcess("services/device-registry", service).start();
        ingest = new QuarkusAppProcess("services/telemetry-ingest", service).start();
        gateway = new QuarkusAppProcess("services/auth-gateway", with(parse,
                "pifleet.ui.registry-url", registry.url(),
                "pifleet.ui.ingest-url", ingest.url())).start();
        agent = new QuarkusAppProcess("edge/pi-agent", Map.of(
                "quarkus.profile", "local",
                "pifleet.agent.state-dir", freshDirectory("target/pi-agent-state").toString(),
                "pifleet.agent.cloud-url", ingest.url(),
                "pifleet.agent.sensors", "simulated",
                "pifleet.agent.heartbeat-interval", "3s",
                "pifleet.agent.reading-interval", "2s",
                "pifleet.agent.upload.idle-interval", "2s",
                "quarkus.http.cors.origins", gateway.url())).start();
    }

    static synchronized SystemStack shared() {
        if (shared == null) {
            shared = new SystemStack();
        }
        return shared;
    }

    /** Where the browser opens the web UI. */
    String uiUrl() {
        return gateway.url();
    }

    String gatewayUrl() {
        return gateway.url();
    }

    String registryUrl() {
        return registry.url();
    }

    /** The simulated Pi's local API, as a user types it into the pairing wizard. */
    String piUrl() {
        return agent.url();
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> config = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return config;
    }

    private static Path freshDirectory(String name) {
        try {
            Path directory = Path.of(name).toAbsolutePath();
            if (Files.exists(directory)) {
                try (var files = Files.walk(directory)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
