package dev.pifleet.ingest.mqtt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Optional;

/** The MQTT endpoint's settings ({@code pifleet.mqtt.*}); every default is in application.properties. */
@ConfigMapping(prefix = "pifleet.mqtt")
public interface MqttConfig {

    /** Off unless configured: a replica that does not serve MQTT binds no port. */
    boolean enabled();

    String host();

    /** 0 picks a free port (tests read it back from {@link MqttListener#port()}). */
    int port();

    Tls tls();

    /**
     * Plain TCP without TLS; refused at startup unless set, so that device keys never cross a network in clear
     * text by accident. Set it on loopback (the local run) or behind a load balancer that terminates TLS.
     */
    boolean plainAllowed();

    /** The largest PUBLISH accepted; the same bound as the HTTP body of {@code POST /api/device/data}. */
    MemorySize maxMessageSize();

    /** QoS 1/2 readings of one connection waiting for their store; a client sending more is disconnected. */
    int maxInFlight();

    /** How long a new connection may take to send its CONNECT. */
    Duration connectTimeout();

    /** How often open connections check their key again (read by the scheduler as {@code key-recheck-interval}). */
    Duration keyRecheckInterval();

    Limit badCredentials();

    Limit badInput();

    interface Tls {
        /** PEM certificate chain; with {@code key-file}, the endpoint speaks TLS only. */
        Optional<String> certFile();

        /** PEM private key of {@code cert-file}. */
        Optional<String> keyFile();
    }

    /** At most {@code max} failures per {@code window}; then CONNECT is refused until the window ends. */
    interface Limit {
        int max();

        Duration window();
    }
}
