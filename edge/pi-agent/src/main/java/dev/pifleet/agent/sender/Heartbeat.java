package dev.pifleet.agent.sender;

import dev.pifleet.agent.cloud.Attempt;
import dev.pifleet.agent.cloud.CloudReply;
import dev.pifleet.agent.cloud.CloudClient;
import dev.pifleet.agent.AgentConfig;
import dev.pifleet.agent.AgentJson;
import dev.pifleet.agent.BackgroundLoop;
import dev.pifleet.agent.Ticker;
import dev.pifleet.agent.fleet.FleetConfig;
import dev.pifleet.agent.update.UpdateStatus;
import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.device.fleet.AgentReport;
import dev.pifleet.device.fleet.HeartbeatAnswer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/device/heartbeat} once at start and then every heartbeat interval (the setting in force, which the
 * cloud may change), so the dashboard shows the Pi online. Its body is the {@link AgentReport}: version, OS, uptime,
 * backlog, free disk and what the agent did with the cloud's settings. Its answer says whether settings or commands
 * wait, for the command channel ({@link #onAnswer}).
 */
@Singleton
@RegisterForReflection(targets = {AgentReport.class, HeartbeatAnswer.class, dev.pifleet.device.release.UpdateReport.class})
public class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class);
    private static final Path OS_RELEASE = Path.of("/etc/os-release");

    private final CloudClient cloud;
    private final CredentialsStore credentials;
    private final FleetConfig fleet;
    private final ReadingBuffer buffer;
    private final Path stateDir;
    private final UpdateStatus updates;
    private final String os = HostFacts.os(OS_RELEASE);
    private final Ticker ticker = new Ticker();
    private final List<Consumer<HeartbeatAnswer>> answerListeners = new CopyOnWriteArrayList<>();
    private BackgroundLoop loop;
    private volatile Attempt last;
    private volatile boolean lastOk;
    private final LongAdder ok = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();

    Heartbeat(CloudClient cloud, CredentialsStore credentials, FleetConfig fleet, ReadingBuffer buffer, AgentConfig config,
            UpdateStatus updates) {
        this.cloud = cloud;
        this.credentials = credentials;
        this.fleet = fleet;
        this.buffer = buffer;
        this.stateDir = config.stateDir();
        this.updates = updates;
        fleet.onChange(ticker::changed);
    }

    void start(@Observes StartupEvent started) {
        loop = BackgroundLoop.start("heartbeat", LOG, this::step);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        loop.stop();
    }

    private void step() throws InterruptedException {
        Instant started = Instant.now();
        beat();
        ticker.awaitNext(started, () -> fleet.effective().heartbeatInterval().value());
    }

    /** A heartbeat soon, on the heartbeat's thread: e.g. to report a config just applied or refused within seconds. */
    public void soon() {
        ticker.now();
    }

    /** Called with every 200 answer that has the heartbeat's shape. */
    public void onAnswer(Consumer<HeartbeatAnswer> listener) {
        answerListeners.add(listener);
    }

    public void beat() {
        Optional<String> key = credentials.usableKey();
        if (key.isEmpty()) {
            return;
        }
        try {
            AgentReport report = report();
            CloudReply reply = cloud.heartbeat(key.get(), report);
            record(reply);
            if (reply.keyRefused()) {
                LOG.warn("the cloud refused this device's key: the Pi asks for a claim code to be paired again");
                credentials.markRejected(key.get());
            } else if (reply.ok()) {
                // The version this heartbeat reported is healthy: what the updater waits for after an install.
                updates.heartbeatSucceeded(report.agentVersion(), Instant.now());
                answer(reply).ifPresent(answer -> answerListeners.forEach(listener -> listener.accept(answer)));
            }
        } catch (IOException e) {
            failed.increment();
            last = new Attempt(Instant.now(), "network error: " + e.getClass().getSimpleName());
        }
    }

    /** One heartbeat with the given key; the caller decides what the answer means. */
    public CloudReply call(String apiKey) throws IOException {
        return cloud.heartbeat(apiKey, report());
    }

    /** What this heartbeat tells the cloud. A value that cannot be read right now is left out. */
    public AgentReport report() {
        long uptimeSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        Long backlog = null;
        Long oldestAge = null;
        try {
            backlog = buffer.size();
            oldestAge = buffer.oldestTimestamp()
                    .map(oldest -> Math.max(0, Duration.between(oldest, Instant.now()).toSeconds())).orElse(0L);
        } catch (RuntimeException unreadable) {
            // The buffer's disk failing must not stop the heartbeat that shows the Pi online.
        }
        return new AgentReport(uptimeSeconds, updates.runningVersion(), os, HostFacts.kernel(), backlog, oldestAge,
                HostFacts.freeDisk(stateDir).orElse(null), fleet.report().orElse(null), updates.report().orElse(null));
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

    private static Optional<HeartbeatAnswer> answer(CloudReply reply) {
        return reply.as(HeartbeatAnswer.class);
    }
}
