package dev.pifleet.agent.pairing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pifleet.agent.AgentJson;
import dev.pifleet.agent.StubHttp;
import dev.pifleet.agent.identity.DeviceIdentityFile;
import dev.pifleet.device.pairing.AgentProof;
import dev.pifleet.device.pairing.AgentProof.Purpose;
import dev.pifleet.device.pairing.AgentProof.SignedRequest;
import dev.pifleet.device.pairing.ClaimCodes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A loopback stand-in for the cloud, for the local API's own rules (the real ingest is in {@code RealIngestTest}).
 * Ingest: it knows keys by prefix: {@code pfk_mine...} belongs to this agent, {@code pfk_othr...} to another device,
 * anything else (and any key in {@link #REVOKED}) is refused. Registry: the two agent-signed pairing calls, with the
 * signatures checked by {@link AgentProof#verify}, a code per agent key, and a key handed out once a test has
 * "claimed" ({@link #claim}). The agent's ID is fixed by writing device_identity.json first.
 */
public class StubCloudResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEVICE_ID = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";
    public static final Path STATE_DIR = Path.of("target", "test-state", "local-api").toAbsolutePath();
    public static final Path LOG_FILE = STATE_DIR.resolveSibling("local-api.log");

    /** Keys the ingest answers 401 for (an unpair in the cloud). */
    public static final Set<String> REVOKED = ConcurrentHashMap.newKeySet();
    /** The Authorization header of every heartbeat, and of every upload, the ingest saw. */
    public static final List<String> HEARTBEATS = new CopyOnWriteArrayList<>();
    public static final List<String> UPLOADS = new CopyOnWriteArrayList<>();
    /** Code issued per agent public key; keys handed out by the registry, in order. */
    static final Map<String, String> CODES = new ConcurrentHashMap<>();
    static final List<String> ISSUED_KEYS = new CopyOnWriteArrayList<>();
    private static final Map<String, Long> LAST_TIMESTAMP = new ConcurrentHashMap<>();
    private static volatile String pendingClaimName;
    private static final SecureRandom RANDOM = new SecureRandom();

    private HttpServer server;

    /** A user claims the agent's current code under this name: its next credentials poll gets a key. */
    static void claim(String deviceName) {
        pendingClaimName = deviceName;
    }

    static void reset() {
        REVOKED.clear();
        HEARTBEATS.clear();
        UPLOADS.clear();
        pendingClaimName = null;
    }

    /** Extra settings of a subclass (another set of settings also gets its own agent instance). */
    protected Map<String, String> extraConfig() {
        return Map.of();
    }

    @Override
    public Map<String, String> start() {
        reset();
        CODES.clear();
        ISSUED_KEYS.clear();
        LAST_TIMESTAMP.clear();
        try {
            StubHttp.deleteTree(STATE_DIR);
            Files.deleteIfExists(LOG_FILE);
            Files.createDirectories(STATE_DIR);
            Files.writeString(STATE_DIR.resolve(DeviceIdentityFile.FILE_NAME),
                    "{\"deviceId\":\"" + DEVICE_ID + "\",\"createdAt\":\"" + Instant.now() + "\"}");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/device/heartbeat", StubCloudResource::heartbeat);
            server.createContext("/api/device/data", StubCloudResource::data);
            server.createContext("/api/device/claim-code", StubCloudResource::claimCode);
            server.createContext("/api/device/credentials", StubCloudResource::credentials);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> config = new HashMap<>(Map.of(
                "pifleet.agent.cloud-url", url,
                "pifleet.agent.registry-url", url,
                "pifleet.agent.ui-url", "http://ui.test:8080/",
                "pifleet.agent.pairing.poll-interval", "200ms",
                "pifleet.agent.state-dir", STATE_DIR.toString(),
                "pifleet.agent.sensors", "simulated,soc-temperature",
                "pifleet.agent.soc-temperature-path", STATE_DIR.resolve("no-such-thermal-zone").toString(),
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", LOG_FILE.toString()));
        config.putAll(extraConfig());
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void heartbeat(HttpExchange exchange) throws IOException {
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        HEARTBEATS.add(authorization);
        if (refused(authorization)) {
            StubHttp.answer(exchange, 401, "{\"success\":false,\"error\":\"invalid_device_key\",\"message\":\"unknown key\"}");
        } else if (authorization.startsWith("Device pfk_mine")) {
            StubHttp.answer(exchange, 200, "{\"success\":true,\"serverTime\":\"" + Instant.now() + "\",\"deviceId\":\"" + DEVICE_ID + "\"}");
        } else {
            StubHttp.answer(exchange, 200, "{\"success\":true,\"serverTime\":\"" + Instant.now() + "\",\"deviceId\":\"someone-elses-pi\"}");
        }
    }

    private static void data(HttpExchange exchange) throws IOException {
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        UPLOADS.add(authorization);
        if (refused(authorization)) {
            StubHttp.answer(exchange, 401, "{\"success\":false,\"error\":\"invalid_device_key\",\"message\":\"unknown key\"}");
        } else {
            StubHttp.answer(exchange, 200, "{\"success\":true,\"accepted\":1,\"duplicates\":0}");
        }
    }

    private static boolean refused(String authorization) {
        return !(authorization.startsWith("Device pfk_mine") || authorization.startsWith("Device pfk_othr"))
                || REVOKED.contains(authorization.substring("Device ".length()));
    }

    private static void claimCode(HttpExchange exchange) throws IOException {
        SignedRequest request = verified(exchange, Purpose.CLAIM_CODE);
        if (request == null) {
            return;
        }
        String code = ClaimCodes.generate();
        CODES.put(request.publicKey(), code);
        StubHttp.answer(exchange, 201, "{\"success\":true,\"code\":\"" + code + "\",\"expiresAt\":\""
                + Instant.now().plusSeconds(900) + "\"}");
    }

    private static void credentials(HttpExchange exchange) throws IOException {
        SignedRequest request = verified(exchange, Purpose.CREDENTIALS);
        if (request == null) {
            return;
        }
        String name = pendingClaimName;
        if (!CODES.containsKey(request.publicKey())) {
            StubHttp.answer(exchange, 404, "{\"success\":false,\"error\":\"claim_not_found\",\"message\":\"ask for a new code\"}");
        } else if (name == null) {
            StubHttp.answer(exchange, 200, "{\"success\":true,\"paired\":false}");
        } else {
            pendingClaimName = null;
            CODES.remove(request.publicKey());
            String key = "pfk_mine" + RANDOM.ints(39, 0, 26).mapToObj(i -> String.valueOf((char) ('a' + i)))
                    .collect(Collectors.joining());
            ISSUED_KEYS.add(key);
            StubHttp.answer(exchange, 200, "{\"success\":true,\"paired\":true,\"deviceId\":\"" + DEVICE_ID
                    + "\",\"deviceName\":\"" + name + "\",\"apiKey\":\"" + key + "\"}");
        }
    }

    /** The request if its signature, device and timestamp (strictly newer per key) are right; else answers 400/401. */
    private static SignedRequest verified(HttpExchange exchange, Purpose purpose) throws IOException {
        SignedRequest request;
        try {
            request = AgentJson.MAPPER.readValue(exchange.getRequestBody().readAllBytes(), SignedRequest.class);
        } catch (IOException notJson) {
            StubHttp.answer(exchange, 400, "{\"success\":false,\"error\":\"invalid_input\",\"message\":\"not a signed request\"}");
            return null;
        }
        long previous = LAST_TIMESTAMP.getOrDefault(String.valueOf(request.publicKey()), Long.MIN_VALUE);
        if (!AgentProof.verify(purpose, request) || !DEVICE_ID.equals(request.deviceId()) || request.timestamp() <= previous) {
            StubHttp.answer(exchange, 401, "{\"success\":false,\"error\":\"invalid_signature\",\"message\":\"bad proof\"}");
            return null;
        }
        LAST_TIMESTAMP.put(request.publicKey(), request.timestamp());
        return request;
    }
}
