package dev.pifleet.ingest.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pifleet.ingest.data.ReadingIngest;
import dev.pifleet.ingest.device.DeviceKeyCache;
import dev.pifleet.ingest.device.LastSeenCoalescer;
import dev.pifleet.service.WindowLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The MQTT 3.1.1 endpoint (MQTT 5 clients are served the same way): one Vert.x MQTT server inside the ingest, so that
 * devices publishing readings share the HTTP path's key cache, rate limit, group commit and alert evaluation. It is
 * not a broker: it takes readings and serves each device its own config and commands, and nothing is relayed between
 * clients. Each connection is a {@link MqttSession}.
 */
@ApplicationScoped
public class MqttListener {

    private static final Logger LOG = Logger.getLogger(MqttListener.class);

    final MqttConfig config;
    final DeviceKeyCache keys;
    final ReadingIngest ingest;
    final LastSeenCoalescer lastSeen;
    final ObjectMapper json;
    final MqttDeviceFleet fleet;
    /** Wrong keys per client address; right keys never count. */
    final CredentialThrottle badCredentials;
    /** Connections a device lost for bad input; at the limit its CONNECT is refused until the window ends. */
    final WindowLimiter badInput;
    private final Vertx vertx;
    private final Map<String, Counter> connects = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusedMessages = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;
    final Map<MqttSession, Boolean> sessions = new ConcurrentHashMap<>();
    private MqttServer server;

    MqttListener(MqttConfig config, DeviceKeyCache keys, ReadingIngest ingest, LastSeenCoalescer lastSeen,
            ObjectMapper json, MqttDeviceFleet fleet, Vertx vertx, MeterRegistry metrics) {
        this.config = config;
        this.keys = keys;
        this.ingest = ingest;
        this.lastSeen = lastSeen;
        this.json = json;
        this.fleet = fleet;
        this.vertx = vertx;
        this.metrics = metrics;
        this.badCredentials = new CredentialThrottle(config.badCredentials().max(), config.badCredentials().window());
        this.badInput = new WindowLimiter(config.badInput().max(), config.badInput().window());
        Gauge.builder("pifleet.ingest.mqtt.connections", sessions, Map::size)
                .description("Authenticated MQTT connections on this replica").register(metrics);
    }

    void start(@Observes StartupEvent started) {
        if (!config.enabled()) {
            return;
        }
        MqttServerOptions options = serverOptions(config);
        server = MqttServer.create(vertx, options)
                .endpointHandler(endpoint -> new MqttSession(this, endpoint).start())
                .exceptionHandler(failure -> LOG.debugf("MQTT connection failed: %s", failure.getMessage()));
        server.listen().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        LOG.infof("MQTT endpoint listening on %s:%d (%s)", config.host(), server.actualPort(),
                options.isSsl() ? "TLS" : "plain TCP");
    }

    /** The server's options; refuses plain TCP unless {@code plain-allowed}, and half a TLS configuration. */
    static MqttServerOptions serverOptions(MqttConfig config) {
        MqttServerOptions options = new MqttServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setMaxMessageSize((int) Math.min(config.maxMessageSize().asLongValue(), Integer.MAX_VALUE))
                .setTimeoutOnConnect((int) Math.max(1, config.connectTimeout().toSeconds()));
        if (config.tls().certFile().isPresent() != config.tls().keyFile().isPresent()) {
            throw new IllegalStateException("pifleet.mqtt.tls needs both cert-file and key-file");
        }
        if (config.tls().certFile().isPresent()) {
            return options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.tls().certFile().get()).setKeyPath(config.tls().keyFile().get()));
        }
        if (!config.plainAllowed()) {
            throw new IllegalStateException("the MQTT endpoint needs TLS: set pifleet.mqtt.tls.cert-file and key-file "
                    + "(PIFLEET_MQTT_TLS_CERT, PIFLEET_MQTT_TLS_KEY), or pifleet.mqtt.plain-allowed=true where plain TCP "
                    + "cannot leak keys (loopback, or behind a load balancer that terminates TLS), or "
                    + "pifleet.mqtt.enabled=false");
        }
        return options;
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (server != null) {
            sessions.keySet().forEach(MqttSession::close);
            server.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(failure -> null).join();
        }
    }

    /** Open connections whose device key changed since they authenticated are closed (MqttSession#checkKeyStillValid). */
    @Scheduled(identity = "mqtt-key-recheck", every = "${pifleet.mqtt.key-recheck-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkKeys() {
        sessions.keySet().forEach(MqttSession::checkKeyStillValid);
    }

    /** The port the endpoint listens on; -1 when it is disabled. */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    /** How long a throttled client should wait, for the log. */
    Duration badInputWindow() {
        return config.badInput().window();
    }

    void countConnect(String result) {
        connects.computeIfAbsent(result, r -> Counter.builder("pifleet.ingest.mqtt.connects").tag("result", r)
                .description("MQTT CONNECTs by result").register(metrics)).increment();
    }

    void countRefusedMessage(String reason) {
        refusedMessages.computeIfAbsent(reason, r -> Counter.builder("pifleet.ingest.mqtt.messages.refused")
                .tag("reason", r).description("MQTT PUBLISHes not acknowledged (the connection was closed)")
                .register(metrics)).increment();
    }
}
