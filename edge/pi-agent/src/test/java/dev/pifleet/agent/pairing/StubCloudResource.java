package dev.pifleet.agent.pairing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pifleet.agent.identity.DeviceIdentityFile;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A loopback stand-in for the ingest's heartbeat, for the local API's own rules (the real ingest is in
 * {@code RealIngestTest}). It knows keys by prefix: {@code pfk_mine...} belongs to this agent, {@code pfk_othr...}
 * to another device, anything else is refused. The agent's ID is fixed by writing device_identity.json first.
 */
public class StubCloudResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEVICE_ID = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";
    public static final Path STATE_DIR = Path.of("target", "test-state", "local-api").toAbsolutePath();
    public static final Path LOG_FILE = STATE_DIR.resolveSibling("local-api.log");

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            deleteTree(STATE_DIR);
            Files.deleteIfExists(LOG_FILE);
            Files.createDirectories(STATE_DIR);
            Files.writeString(STATE_DIR.resolve(DeviceIdentityFile.FILE_NAME),
                    "{\"deviceId\":\"" + DEVICE_ID + "\",\"createdAt\":\"" + Instant.now() + "\"}");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/device/heartbeat", StubCloudResource::heartbeat);
            server.createContext("/api/device/data", exchange -> answer(exchange, 200, "{\"success\":true,\"accepted\":1,\"duplicates\":0}"));
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "pifleet.agent.cloud-url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "pifleet.agent.state-dir", STATE_DIR.toString(),
                "pifleet.agent.sensors", "simulated,soc-temperature",
                "pifleet.agent.soc-temperature-path", STATE_DIR.resolve("no-such-thermal-zone").toString(),
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", LOG_FILE.toString());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void heartbeat(HttpExchange exchange) throws IOException {
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        if (authorization.startsWith("Device pfk_mine")) {
            answer(exchange, 200, "{\"success\":true,\"serverTime\":\"" + Instant.now() + "\",\"deviceId\":\"" + DEVICE_ID + "\"}");
        } else if (authorization.startsWith("Device pfk_othr")) {
            answer(exchange, 200, "{\"success\":true,\"serverTime\":\"" + Instant.now() + "\",\"deviceId\":\"someone-elses-pi\"}");
        } else {
            answer(exchange, 401, "{\"success\":false,\"error\":\"invalid_device_key\",\"message\":\"unknown key\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
