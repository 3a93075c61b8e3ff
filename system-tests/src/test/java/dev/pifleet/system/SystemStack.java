package dev.pifleet.system;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pifleet.testing.FreePort;
import dev.pifleet.testing.ParseStack;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.device.release.ReleaseSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * The whole system on loopback, once per test JVM: Parse Server on a fresh database, the four services, an SMTP
 * server for alert mails (GreenMail, in this JVM) and a simulated pi-agent reporting every few seconds. Each part is a real built jar, as in production. The gateway
 * serves the UI over HTTPS (a certificate made by the test) as behind the TLS Ingress, and over plain HTTP for the
 * services' session checks and the same-network pairing flow, which a browser allows only from an HTTP page.
 * Agent releases are signed with a release key made for the run, which the registry trusts, and published with an
 * operator credential made for the run ({@link #publishRelease}).
 */
final class SystemStack {

    private static SystemStack shared;

    private final QuarkusAppProcess gateway;
    private final QuarkusAppProcess registry;
    private final QuarkusAppProcess ingest;
    private final QuarkusAppProcess alerting;
    private final GreenMail smtp;
    private final QuarkusAppProcess agent;
    private final String secureUiUrl;
    private final KeyPair releaseKey;
    private final AgentPackages packages;
    private final String operatorToken = UUID.randomUUID().toString();

    private SystemStack() {
        Map<String, String> parse = ParseStack.shared().parseServer().clientConfig();

        // The registry and ingest verify sessions through the gateway, and the gateway serves the UI, which must
        // know their URLs (GET /config.json): the gateway's port is chosen first, so each knows the other's URL.
        // The gateway starts first because the others' readiness includes reaching it.
        // The mail sink binds its port at once, before the services' ports are chosen (they bind only when started),
        // so that no service is handed the same free port.
        smtp = new GreenMail(new ServerSetup(FreePort.find(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        int gatewayPort = FreePort.find();
        int gatewayTlsPort = FreePort.find();
        String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
        secureUiUrl = "https://127.0.0.1:" + gatewayTlsPort;
        Map<String, String> service = with(parse,
                "pifleet.auth-gateway.url", gatewayUrl,
                "quarkus.http.cors.origins", gatewayUrl + "," + secureUiUrl);
        releaseKey = newReleaseKey();
        Path trustedKeys = freshDirectory("target/release-keys");
        write(trustedKeys.resolve("system-test.pem"), ReleaseSignature.pem(releaseKey.getPublic()));
        // The UI offers pairing by address on a plain-HTTP page: the seed's flow, off unless turned on.
        // Rollouts step every second, so a wave starts soon after the one before it finished.
        registry = new QuarkusAppProcess("services/device-registry", with(service, "pifleet.pairing.legacy-enabled", "true",
                "pifleet.releases.keys-dirs", trustedKeys.toString(),
                "pifleet.releases.operator-token-hash", sha256(operatorToken),
                // The test's packages are served over plain HTTP on loopback, as in the local run.
                "pifleet.releases.allow-http", "true",
                "pifleet.rollouts.sweep-interval", "1s"));
        packages = new AgentPackages(freshDirectory("target/agent-packages"));
        Runtime.getRuntime().addShutdownHook(new Thread(packages::close));
        // The charts test seeds a month of one-a-minute readings at once, newest now: the rate limit is lifted,
        // and readings may be a little older than the month so the oldest still count when they arrive.
        ingest = new QuarkusAppProcess("services/telemetry-ingest", with(service,
                "pifleet.ingest.rate-limit.readings-per-second", "100000",
                "pifleet.ingest.rate-limit.burst", "100000",
                "pifleet.ingest.max-reading-age", "32d"));
        alerting = new QuarkusAppProcess("services/alerting", with(service,
                "quarkus.mailer.port", String.valueOf(smtp.getSmtp().getPort()),
                "pifleet.alerts.allow-private-webhooks", "true",
                // The browser tests' users do not open their verification mail.
                "pifleet.alerts.mail-verified-only", "false",
                "pifleet.alerts.delivery-interval", "1s"));
        gateway = new QuarkusAppProcess("services/auth-gateway", gatewayPort, with(parse,
                "pifleet.ui.registry-url", registry.url(),
                "pifleet.ui.ingest-url", ingest.url(),
                "pifleet.ui.alerts-url", alerting.url(),
                // Account mails (reset, verification) to the same sink; their links open the HTTPS UI.
                "quarkus.mailer.port", String.valueOf(smtp.getSmtp().getPort()),
                "pifleet.ui.public-url", secureUiUrl,
                "quarkus.http.ssl-port", String.valueOf(gatewayTlsPort),
                "quarkus.http.ssl.certificate.key-store-file",
                TestCertificate.create(Path.of("target", "tls").toAbsolutePath()).toString(),
                "quarkus.http.ssl.certificate.key-store-password", TestCertificate.PASSWORD)).start();
        registry.start();
        ingest.start();
        alerting.start();
        Path updater = freshDirectory("target/pi-agent-updater");
        agent = new QuarkusAppProcess("edge/pi-agent", Map.ofEntries(
                Map.entry("quarkus.profile", "local"),
                Map.entry("pifleet.agent.state-dir", freshDirectory("target/pi-agent-state").toString()),
                // Updates as in the local run: the agent runs the updater's steps itself (download and checks for
                // real, no dpkg), trusts the run's release key, and a version named *-unhealthy never becomes
                // healthy, so the updater rolls it back after the health timeout.
                Map.entry("pifleet.agent.update.install", "simulated"),
                Map.entry("pifleet.agent.update.dir", updater.toString()),
                Map.entry("pifleet.agent.update.request-dir", updater.resolve("request").toString()),
                Map.entry("pifleet.agent.update.release-keys-dirs", trustedKeys.toString()),
                Map.entry("pifleet.agent.update.health-timeout", "8s"),
                Map.entry("pifleet.agent.update.simulated-unhealthy-versions", ".*-unhealthy"),
                Map.entry("pifleet.agent.cloud-url", ingest.url()),
                Map.entry("pifleet.agent.registry-url", registry.url()),
                Map.entry("pifleet.agent.ui-url", secureUiUrl),
                Map.entry("pifleet.agent.sensors", "simulated"),
                Map.entry("pifleet.agent.heartbeat-interval", "3s"),
                Map.entry("pifleet.agent.reading-interval", "2s"),
                Map.entry("pifleet.agent.upload.idle-interval", "2s"),
                Map.entry("quarkus.http.cors.origins", gateway.url()))).start();
    }

    static synchronized SystemStack shared() {
        if (shared == null) {
            shared = new SystemStack();
        }
        return shared;
    }

    /** Where the browser opens the web UI: over HTTPS, as deployed. */
    String uiUrl() {
        return secureUiUrl;
    }

    /** The same UI over plain HTTP: the only kind of page from which a browser may call a Pi on the LAN. */
    String plainUiUrl() {
        return gateway.url();
    }

    String gatewayUrl() {
        return gateway.url();
    }

    String registryUrl() {
        return registry.url();
    }

    String ingestUrl() {
        return ingest.url();
    }

    String alertingUrl() {
        return alerting.url();
    }

    /** The SMTP server the alerting service sends its mails to. */
    GreenMail smtp() {
        return smtp;
    }

    /** The simulated Pi's local API, as a user types it into the pairing wizard. */
    String piUrl() {
        return agent.url();
    }

    /**
     * Publishes an agent release of this version as the operator does (POST /api/releases with the operator
     * credential), signed with the run's release key; returns the answer's release.
     */
    Api.Answer publishRelease(String version, String sha256, long size, String url) {
        Map<String, Object> body = Map.of("version", version, "sha256", sha256, "size", size, "url", url,
                "signature", ReleaseSignature.sign(releaseKey.getPrivate(), version, sha256),
                "notes", "published by the system tests");
        return Api.withHeader("POST", registry.url() + "/api/releases", "Authorization", "Operator " + operatorToken, body);
    }

    /**
     * Builds a real agent package of this version, serves it, and publishes it as {@code ./scripts/release publish}
     * does (its true SHA-256 and size, signed with the run's release key); returns the registry's answer.
     */
    Api.Answer publishAgentPackage(String version) {
        Path deb = packages.build(version);
        try {
            return publishRelease(version, ReleaseSignature.sha256Hex(deb), Files.size(deb), packages.url(deb));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair newReleaseKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
