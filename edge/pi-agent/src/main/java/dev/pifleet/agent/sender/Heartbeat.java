package dev.pifleet.agent.sender;

import dev.pifleet.agent.pairing.CredentialsStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** {@code POST /api/device/heartbeat} every heartbeat-interval (and once at start), so the dashboard shows the Pi online. */
@Singleton
public class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class);

    private final CloudClient cloud;
    private final CredentialsStore credentials;
    private final String agentVersion;
    private volatile Attempt last;

    Heartbeat(CloudClient cloud, CredentialsStore credentials,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String agentVersion) {
        this.cloud = cloud;
        this.credentials = credentials;
        this.agentVersion = agentVersion;
    }

    @Scheduled(identity = "heartbeat", every = "${pifleet.agent.heartbeat-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void beat() {
        Optional<String> key = credentials.usableKey();
        if (key.isEmpty()) {
            return;
        }
        try {
            CloudReply reply = call(key.get());
            record(reply.summary());
            if (reply.keyRefused()) {
                LOG.warn("the cloud refused this device's key: the Pi asks for a claim code to be paired again");
                credentials.markRejected(key.get());
            }
        } catch (IOException e) {
            record("network error: " + e.getClass().getSimpleName());
        }
    }

    /** One heartbeat with the given key; the caller decides what the answer means. */
    public CloudReply call(String apiKey) throws IOException {
        long uptimeSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        return cloud.heartbeat(apiKey, uptimeSeconds, agentVersion);
    }

    public void record(String result) {
        last = new Attempt(Instant.now(), result);
    }

    public Optional<Attempt> last() {
        return Optional.ofNullable(last);
    }
}
