package dev.pifleet.agent.sender;

import dev.pifleet.agent.pairing.CredentialsStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
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
    private volatile boolean lastOk;
    private final LongAdder ok = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();

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
            record(reply);
            if (reply.keyRefused()) {
                LOG.warn("the cloud refused this device's key: the Pi asks for a claim code to be paired again");
                credentials.markRejected(key.get());
            }
        } catch (IOException e) {
            failed.increment();
            last = new Attempt(Instant.now(), "network error: " + e.getClass().getSimpleName());
        }
    }

    /** One heartbeat with the given key; the caller decides what the answer means. */
    public CloudReply call(String apiKey) throws IOException {
        long uptimeSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        return cloud.heartbeat(apiKey, uptimeSeconds, agentVersion);
    }

    /** A heartbeat's answer, for /status and the metrics. */
    public void record(CloudReply reply) {
        (reply.ok() ? ok : reply.keyRefused() ? refused : failed).increment();
        lastOk = reply.ok();
        last = new Attempt(Instant.now(), reply.summary());
    }

    /** Heartbeats answered 200, refused (401/403), or failed otherwise (network error, 5xx, ...). */
    public long count(Result result) {
        return switch (result) {
            case OK -> ok.sum();
            case REFUSED -> refused.sum();
            case FAILED -> failed.sum();
        };
    }

    /** Whether the latest heartbeat was answered 200; empty before the first one. */
    public Optional<Boolean> lastOk() {
        return last == null ? Optional.empty() : Optional.of(lastOk);
    }

    public enum Result { OK, REFUSED, FAILED }

    public Optional<Attempt> last() {
        return Optional.ofNullable(last);
    }
}
