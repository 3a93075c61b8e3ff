package dev.pifleet.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pifleet.device.release.ReleaseSignature;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The system under abuse, once per test JVM: the built auth-gateway, device-registry and telemetry-ingest on the
 * harness's Parse Server, a pi-agent (simulated sensors, never paired, so it writes nothing to Parse), and two
 * users who each own one device with a reading.
 */
final class AbuseStack {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "correct horse battery";
    /** A user that exists, so that the login endpoint's base request is accepted. */
    static final String LOGIN_EMAIL = "abuse-login@example.com";
    /** The operator credential; the registries run with its SHA-256 (PIFLEET_OPERATOR_TOKEN_HASH in this module's pom). */
    static final String OPERATOR_TOKEN = "abuse-operator-token";
    /** The release published at start, which rollouts name. */
    static final String RELEASE_VERSION = "1.0.0";
    /** The test-only release key; its public half is in src/test/resources/release-keys (PIFLEET_RELEASE_KEYS_DIRS). */
    static final PrivateKey RELEASE_KEY = releaseKey();
    /**
     * Alice's device the start-up rollout goes to, and no other: rollouts made during the suite go to her first device,
     * and a later offer to the same device would finish (supersede) the start-up rollout, which pause and resume need
     * running.
     */
    static final String ROLLOUT_DEVICE = "abuse-rollout-alice-0001";

    /**
     * A user with one claimed device, its key, a command already sent to it, an open alert with its delivery, and
     * (alice only, else null) a running rollout.
     */
    record Owner(String email, String sessionToken, String deviceId, String apiKey, String commandId, String alertId,
            String rolloutId) {

        @Override
        public String toString() {
            return "Owner[" + email + ", " + deviceId + "]";
        }
    }

    private static AbuseStack shared;

    private final QuarkusAppProcess gateway;
    private final QuarkusAppProcess registry;
    private final QuarkusAppProcess ingest;
    private final QuarkusAppProcess alerting;
    private final QuarkusAppProcess agent;
    private final Owner alice;
    private final Owner bob;

    private AbuseStack() {
        gateway = SharedServices.authGateway();
        registry = SharedServices.deviceRegistry();
        ingest = SharedServices.telemetryIngest();
        alerting = SharedServices.alerting();
        agent = new QuarkusAppProcess("edge/pi-agent", Map.of(
                "quarkus.profile", "local",
                "pifleet.agent.state-dir", stateDirectory().toString(),
                "pifleet.agent.cloud-url", ingest.url(),
                // Nowhere, not the default 8081 (the local run's registry): its claim-code calls fail, no writes.
                "pifleet.agent.registry-url", "http://127.0.0.1:9",
                "pifleet.agent.sensors", "simulated",
                "pifleet.agent.heartbeat-interval", "1h",
                "pifleet.agent.reading-interval", "1h")).start();
        publish(RELEASE_VERSION);
        alice = withRollout(owner("abuse-alice@example.com", "abuse-device-alice-0001"));
        bob = owner("abuse-bob@example.com", "abuse-device-bob-0001");
        call(Service.GATEWAY, "POST", "/api/auth/signup", 201, Map.of("email", LOGIN_EMAIL, "password", PASSWORD));
    }

    static synchronized AbuseStack shared() {
        if (shared == null) {
            shared = new AbuseStack();
        }
        return shared;
    }

    String url(Service service) {
        return switch (service) {
            case GATEWAY -> gateway.url();
            case REGISTRY -> registry.url();
            case INGEST -> ingest.url();
            case ALERTING -> alerting.url();
            case AGENT -> agent.url();
        };
    }

    /** The log file of every process under abuse. */
    List<Path> logFiles() {
        return List.of(gateway.logFile(), registry.logFile(), ingest.logFile(), alerting.logFile(), agent.logFile());
    }

    Owner alice() {
        return alice;
    }

    Owner bob() {
        return bob;
    }

    /**
     * A live mailed link of a new account (purpose {@code password-reset} or {@code verify-email}): its secret, with
     * the hash stored in {@code AccountLink} as the gateway stores it (the suite's gateway mails nowhere).
     */
    String newAccountLink(String purpose, String prefix) {
        String email = "abuse-link-" + java.util.UUID.randomUUID() + "@example.com";
        String userId = call(Service.GATEWAY, "POST", "/api/auth/signup", 201, Map.of("email", email, "password", PASSWORD))
                .get("userId").asText();
        String secret = dev.pifleet.service.Secrets.generate(prefix);
        Map<String, String> parse = dev.pifleet.testing.ParseStack.shared().parseServer().clientConfig();
        java.net.URI url = java.net.URI.create(parse.get("parse.url"));
        try {
            byte[] row = JSON.writeValueAsBytes(Map.of(
                    "user", Map.of("__type", "Pointer", "className", "_User", "objectId", userId),
                    "purpose", purpose, "email", email, "tokenHash", dev.pifleet.service.Secrets.hash(secret),
                    "expiresAt", Map.of("__type", "Date", "iso", Instant.now().plusSeconds(3600).toString()),
                    "ACL", Map.of()));
            RawHttp.HttpAnswer answer = RawHttp.send(url.getScheme() + "://" + url.getAuthority(), new RawHttp.Request(
                    "POST", url.getPath() + "/classes/AccountLink", RawHttp.headers("X-Parse-Application-Id",
                    parse.get("parse.app-id"), "X-Parse-Master-Key", parse.get("parse.master-key"),
                    "Content-Type", "application/json"), row));
            if (answer.status() != 201) {
                throw new IllegalStateException("AccountLink create answered " + answer.status());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return secret;
    }

    /** A JSON call for arranging a test; fails unless the answer is the expected status. */
    JsonNode call(Service service, String method, String target, int expectedStatus, Object body, String... headers) {
        try {
            byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
            String[] all = headers;
            if (body != null) {
                all = java.util.Arrays.copyOf(headers, headers.length + 2);
                all[headers.length] = "Content-Type";
                all[headers.length + 1] = "application/json";
            }
            RawHttp.Request request = new RawHttp.Request(method, target, RawHttp.headers(all), bytes);
            RawHttp.HttpAnswer response = RawHttp.send(url(service), request);
            if (response.status() != expectedStatus) {
                throw new IllegalStateException(request.describe() + " answered " + response.status() + " "
                        + RawHttp.redact(response.body()) + ", expected " + expectedStatus);
            }
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Owner owner(String email, String deviceId) {
        String token = call(Service.GATEWAY, "POST", "/api/auth/signup", 201,
                Map.of("email", email, "password", PASSWORD)).get("sessionToken").asText();
        String apiKey = call(Service.REGISTRY, "POST", "/api/device/register", 201,
                Map.of("deviceId", deviceId, "deviceName", "Abuse target"), "x-session-token", token)
                .get("apiKey").asText();
        call(Service.INGEST, "POST", "/api/device/data", 200,
                Map.of("id", deviceId + "-reading-1", "timestamp", Instant.now().minusSeconds(60).toString(),
                        "sensors", Map.of("temperature", 21.5)),
                "Authorization", "Device " + apiKey);
        String commandId = call(Service.REGISTRY, "POST", "/api/devices/" + deviceId + "/commands", 201,
                Map.of("name", "read-sensors", "ttlSeconds", 86_400), "x-session-token", token)
                .path("command").path("id").asText();
        call(Service.INGEST, "GET", "/api/device/commands", 200, null, "Authorization", "Device " + apiKey);
        return new Owner(email, token, deviceId, apiKey, commandId, openAlert(token, deviceId, apiKey), null);
    }

    /** The owner with a running rollout of the release to a device of its own that nothing else is offered to. */
    private Owner withRollout(Owner owner) {
        call(Service.REGISTRY, "POST", "/api/device/register", 201, Map.of("deviceId", ROLLOUT_DEVICE,
                "deviceName", "Rollout target"), "x-session-token", owner.sessionToken());
        String rolloutId = newRollout(owner.sessionToken(), ROLLOUT_DEVICE);
        return new Owner(owner.email(), owner.sessionToken(), owner.deviceId(), owner.apiKey(), owner.commandId(),
                owner.alertId(), rolloutId);
    }

    /** A new running rollout of the start-up release to one device; returns its id. */
    String newRollout(String sessionToken, String deviceId) {
        return call(Service.REGISTRY, "POST", "/api/rollouts", 201, Map.of("version", RELEASE_VERSION,
                "deviceIds", java.util.List.of(deviceId), "waves", java.util.List.of(100), "maxFailures", 0),
                "x-session-token", sessionToken).path("rollout").path("id").asText();
    }

    /** Publishes a release of this version as the operator, signed with the test-only release key. */
    void publish(String version) {
        call(Service.REGISTRY, "POST", "/api/releases", 201, releaseBody(version), "Authorization", "Operator " + OPERATOR_TOKEN);
    }

    /** The body of a publish of this version: a made-up SHA-256 (the registry never fetches the package), signed. */
    static Map<String, Object> releaseBody(String version) {
        String sha256 = sha256Of(version);
        return Map.of("version", version, "sha256", sha256, "size", 25_000_000,
                "url", "https://releases.pifleet.example/pifleet-agent_" + version + "_all.deb",
                "signature", ReleaseSignature.sign(RELEASE_KEY, version, sha256));
    }

    static String sha256Of(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(utf8(text)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey releaseKey() {
        try {
            return ReleaseSignature.privateKey(Files.readString(Path.of("src/test/resources/release-abuse-test-only.key")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An alert of the device, opened as a user's would be (a rule, then a reading above it), with its first delivery
     * logged: the cases of {@code /api/alerts/{id}/deliveries} need one, and nothing of it is written during the suite.
     */
    private String openAlert(String token, String deviceId, String apiKey) {
        call(Service.ALERTING, "POST", "/api/alert-rules", 201, Map.of("deviceId", deviceId, "kind", "above",
                "sensor", "abuse_alarm", "threshold", 30, "forSeconds", 0, "email", true), "x-session-token", token);
        int[] sent = {0};
        // The ingest loads new rules every few seconds: readings are sent until one finds the rule loaded.
        String alertId = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                .pollInterval(java.time.Duration.ofSeconds(1)).until(() -> {
                    call(Service.INGEST, "POST", "/api/device/data", 200, Map.of("id", deviceId + "-alarm-" + (++sent[0]),
                            "sensors", Map.of("abuse_alarm", 40)), "Authorization", "Device " + apiKey);
                    JsonNode alerts = call(Service.ALERTING, "GET", "/api/alerts?deviceId=" + deviceId, 200, null,
                            "x-session-token", token).path("alerts");
                    return alerts.isEmpty() ? null : alerts.get(0).path("id").asText();
                }, java.util.Objects::nonNull);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).until(() -> !call(Service.ALERTING,
                "GET", "/api/alerts/" + alertId + "/deliveries", 200, null, "x-session-token", token).path("deliveries").isEmpty());
        return alertId;
    }

    /** A new folder per run, so the agent starts unpaired. */
    private static Path stateDirectory() {
        try {
            Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
            return Files.createTempDirectory(target, "pi-agent-state-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
