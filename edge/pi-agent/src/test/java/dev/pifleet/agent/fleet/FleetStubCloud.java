package dev.pifleet.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pifleet.agent.AgentJson;
import dev.pifleet.agent.StubHttp;
import dev.pifleet.agent.identity.DeviceIdentityFile;
import dev.pifleet.agent.pairing.Credentials;
import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.pairing.PairingMethod;
import dev.pifleet.device.ApiKeys;
import dev.pifleet.device.fleet.CommandPoll;
import dev.pifleet.device.fleet.DesiredConfig;
import dev.pifleet.device.fleet.DeviceCommand;
import dev.pifleet.device.pairing.AgentProof;
import dev.pifleet.device.pairing.AgentProof.Purpose;
import dev.pifleet.device.pairing.AgentProof.SignedRequest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for the ingest's and registry's device side of fleet control, for the agent's own rules (the real
 * cloud is in the Real* tests): the long-poll (held until the desired document's version differs from the agent's or a
 * command is queued), results, heartbeats with their report, uploads, and the signed key pickup that rotate-key uses.
 * The agent starts paired by code with {@link #FIRST_KEY}, and with two journal entries a killed agent would have left.
 */
public class FleetStubCloud implements QuarkusTestResourceLifecycleManager {

    public static final String DEVICE_ID = "f1ee7f1ee7f1ee7f1ee7f1ee7f1ee7f1ee7f1ee7f1ee7f1ee7f1ee7f1ee7f1ee";
    public static final Path STATE_DIR = Path.of("target", "test-state", "fleet").toAbsolutePath();
    public static final String FIRST_KEY = "pfk_fleet" + "a".repeat(38);

    record Result(String id, String authorization, JsonNode body) {
    }

    /** Keys the stub accepts; rotate-key swaps the old one for a new one. */
    static final Set<String> VALID = ConcurrentHashMap.newKeySet();
    static final List<JsonNode> HEARTBEATS = new CopyOnWriteArrayList<>();
    static final List<JsonNode> UPLOADED = new CopyOnWriteArrayList<>();
    static final List<Integer> BATCH_SIZES = new CopyOnWriteArrayList<>();
    static final List<Result> RESULTS = new CopyOnWriteArrayList<>();
    static final List<String> ISSUED_KEYS = new CopyOnWriteArrayList<>();
    /** The next results answer 503 this many times. */
    static final AtomicInteger FAIL_RESULTS = new AtomicInteger();
    private static final Object CHANGES = new Object();
    private static final List<DeviceCommand> QUEUE = new ArrayList<>();
    private static volatile DesiredConfig desired = DesiredConfig.NONE;

    private HttpServer server;

    static void desire(DesiredConfig config) {
        synchronized (CHANGES) {
            desired = config;
            CHANGES.notifyAll();
        }
    }

    static void queue(String id, String name) {
        synchronized (CHANGES) {
            QUEUE.add(new DeviceCommand(id, name, Map.of(), Instant.now().plusSeconds(600)));
            CHANGES.notifyAll();
        }
    }

    static List<Result> results(String id) {
        return RESULTS.stream().filter(result -> result.id().equals(id)).toList();
    }

    @Override
    public Map<String, String> start() {
        VALID.clear();
        VALID.add(FIRST_KEY);
        try {
            StubHttp.deleteTree(STATE_DIR);
            Files.createDirectories(STATE_DIR);
            Files.writeString(STATE_DIR.resolve(DeviceIdentityFile.FILE_NAME),
                    "{\"deviceId\":\"" + DEVICE_ID + "\",\"createdAt\":\"" + Instant.now() + "\"}");
            new CredentialsStore(STATE_DIR).save(new Credentials(FIRST_KEY, "Fleet Pi", Instant.now(), PairingMethod.CODE));
            // What an agent killed mid-command leaves behind: one command cut short, one restart it asked for itself.
            CommandJournal journal = new CommandJournal(STATE_DIR);
            journal.record("cut-short", "upload-now", Instant.now());
            journal.record("restarted", "restart-agent", Instant.now());
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/api/device/heartbeat", FleetStubCloud::heartbeat);
            server.createContext("/api/device/data", FleetStubCloud::data);
            server.createContext("/api/device/commands", FleetStubCloud::commands);
            server.createContext("/api/device/credentials", FleetStubCloud::credentials);
            server.createContext("/api/device/claim-code", exchange -> StubHttp.answer(exchange, 201,
                    "{\"success\":true,\"code\":\"ABCD-EFGH\",\"expiresAt\":\"" + Instant.now().plusSeconds(900) + "\"}"));
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> config = new HashMap<>();
        config.put("pifleet.agent.cloud-url", url);
        config.put("pifleet.agent.registry-url", url);
        config.put("pifleet.agent.state-dir", STATE_DIR.toString());
        config.put("pifleet.agent.sensors", "simulated");
        config.put("pifleet.agent.pairing.poll-interval", "200ms");
        // Only new readings wake the uploader, so a test can leave a backlog in the buffer for upload-now.
        config.put("pifleet.agent.upload.idle-interval", "1h");
        config.put("pifleet.agent.upload.initial-backoff", "100ms");
        config.put("pifleet.agent.upload.max-backoff", "1s");
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static boolean refused(HttpExchange exchange) throws IOException {
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        if (authorization.startsWith("Device ") && VALID.contains(authorization.substring("Device ".length()))) {
            return false;
        }
        StubHttp.answer(exchange, 401, "{\"success\":false,\"error\":\"invalid_device_key\",\"message\":\"unknown key\"}");
        return true;
    }

    private static void heartbeat(HttpExchange exchange) throws IOException {
        JsonNode body = AgentJson.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
        if (refused(exchange)) {
            return;
        }
        HEARTBEATS.add(body);
        int pending;
        synchronized (CHANGES) {
            pending = QUEUE.size();
        }
        StubHttp.answer(exchange, 200, "{\"success\":true,\"serverTime\":\"" + Instant.now() + "\",\"deviceId\":\"" + DEVICE_ID
                + "\",\"configVersion\":" + desired.version() + ",\"pendingCommands\":" + pending + "}");
    }

    private static void data(HttpExchange exchange) throws IOException {
        JsonNode body = AgentJson.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
        if (refused(exchange)) {
            return;
        }
        body.path("readings").forEach(UPLOADED::add);
        BATCH_SIZES.add(body.path("readings").size());
        StubHttp.answer(exchange, 200, "{\"success\":true,\"accepted\":" + body.path("readings").size() + ",\"duplicates\":0}");
    }

    private static void commands(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/result")) {
            JsonNode body = AgentJson.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            if (refused(exchange)) {
                return;
            }
            if (FAIL_RESULTS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                StubHttp.answer(exchange, 503, "{\"success\":false,\"error\":\"backend_unavailable\",\"message\":\"scripted\"}");
                return;
            }
            String id = path.substring("/api/device/commands/".length(), path.length() - "/result".length());
            RESULTS.add(new Result(id, exchange.getRequestHeaders().getFirst("Authorization"), body));
            StubHttp.answer(exchange, 200, "{\"success\":true}");
            return;
        }
        if (refused(exchange)) {
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI());
        int wait = Integer.parseInt(query.getOrDefault("waitSeconds", "0"));
        long known = Long.parseLong(query.getOrDefault("configVersion", "0"));
        long deadline = System.currentTimeMillis() + wait * 1000L;
        CommandPoll poll;
        synchronized (CHANGES) {
            while (desired.version() == known && QUEUE.isEmpty() && System.currentTimeMillis() < deadline) {
                try {
                    CHANGES.wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            poll = new CommandPoll(true, desired.version() == known ? null : desired, List.copyOf(QUEUE));
            QUEUE.clear();
        }
        StubHttp.answer(exchange, 200, AgentJson.MAPPER.writeValueAsString(poll));
    }

    private static void credentials(HttpExchange exchange) throws IOException {
        SignedRequest request = AgentJson.MAPPER.readValue(exchange.getRequestBody().readAllBytes(), SignedRequest.class);
        if (!AgentProof.verify(Purpose.CREDENTIALS, request) || !DEVICE_ID.equals(request.deviceId())) {
            StubHttp.answer(exchange, 401, "{\"success\":false,\"error\":\"invalid_signature\",\"message\":\"bad proof\"}");
            return;
        }
        String key = ApiKeys.generate();
        ISSUED_KEYS.add(key);
        VALID.clear();
        VALID.add(key);
        StubHttp.answer(exchange, 200, "{\"success\":true,\"paired\":true,\"deviceId\":\"" + DEVICE_ID
                + "\",\"deviceName\":\"Fleet Pi\",\"apiKey\":\"" + key + "\"}");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                values.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return values;
    }
}
