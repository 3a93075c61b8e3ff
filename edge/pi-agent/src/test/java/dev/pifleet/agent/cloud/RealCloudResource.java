package dev.pifleet.agent.cloud;

import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real cloud side on loopback: Parse Server on a fresh database, then the built auth-gateway, device-registry
 * and telemetry-ingest jars. The agent under test gets the ingest as its cloud URL, the registry for pairing by code,
 * and a fresh state folder whose
 * device_identity.json holds a new seed-style ID (so each run is a new Pi). The tests read the other URLs from
 * {@code pifleet.test.*} settings.
 */
public class RealCloudResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        QuarkusAppProcess gateway = SharedServices.authGateway();
        QuarkusAppProcess registry = SharedServices.deviceRegistry();
        QuarkusAppProcess ingest = SharedServices.telemetryIngest();

        Path stateDir = Path.of("target", "test-state", "real-cloud-" + System.nanoTime()).toAbsolutePath();
        NewPi.stateDir(stateDir);
        Map<String, String> config = new HashMap<>();
        config.put("pifleet.agent.cloud-url", ingest.url());
        config.put("pifleet.agent.registry-url", registry.url());
        config.put("pifleet.agent.pairing.poll-interval", "1s");
        config.put("pifleet.agent.state-dir", stateDir.toString());
        config.put("pifleet.agent.sensors", "simulated");
        config.put("pifleet.agent.reading-interval", "1s");
        config.put("pifleet.agent.upload.idle-interval", "1s");
        config.put("pifleet.test.gateway-url", gateway.url());
        config.put("pifleet.test.registry-url", registry.url());
        config.put("pifleet.test.ingest-url", ingest.url());
        return config;
    }

    @Override
    public void stop() {
        // The services are shared by every test class of this JVM; stopped when the JVM exits.
    }
}
