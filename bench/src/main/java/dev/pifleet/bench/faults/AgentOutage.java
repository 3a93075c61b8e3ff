package dev.pifleet.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pifleet.bench.BenchDevice;
import dev.pifleet.bench.HttpJson;
import dev.pifleet.bench.LoopbackProxy;
import dev.pifleet.bench.ParseRest;
import dev.pifleet.testing.FreePort;
import dev.pifleet.testing.QuarkusAppProcess;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The built pi-agent cut off from the cloud with a long backlog, then reconnected. Its cloud URL is a
 * {@link LoopbackProxy} to the ingest that refuses connections until it is switched on.
 *
 * <p>The agent samples at most once a second (Quarkus's scheduler checks its triggers once a second), so hours
 * offline are stood in for by writing the backlog into the agent's own buffer file while it is stopped, shaped as
 * it writes readings (one per second, going back in time), between two offline runs of the agent. The agent's
 * key is written to its credentials file as pairing would leave it.
 */
final class AgentOutage {

    private static final String AGENT_MODULE = "edge/pi-agent";
    private static final String BUFFER_FILE = "readings.db";
    private static final String CREDENTIALS_FILE = "credentials.json";

    private final HttpJson http;
    private final String ingestUrl;
    private final Consumer<String> log;

    AgentOutage(HttpJson http, String ingestUrl, Consumer<String> log) {
        this.http = http;
        this.ingestUrl = ingestUrl;
        this.log = log;
    }

    record Outcome(Set<String> acknowledged, Duration offline, Duration recovery, Duration drained, long backlog,
            String note) {
    }

    Outcome run(BenchDevice device, int backlog, Duration offlineRun, Duration limit) throws Exception {
        Path state = Files.createTempDirectory("pifleet-chaos-agent");
        int ingestPort = java.net.URI.create(ingestUrl).getPort();
        try (LoopbackProxy cloud = new LoopbackProxy(FreePort.find(), ingestPort)) {
            writeCredentials(state, device.apiKey());
            Map<String, String> config = new LinkedHashMap<>();
            config.put("pifleet.agent.cloud-url", "http://127.0.0.1:" + cloud.port());
            config.put("pifleet.agent.state-dir", state.toString());
            config.put("pifleet.agent.sensors", "simulated");
            config.put("pifleet.agent.reading-interval", "1s");
            config.put("pifleet.agent.heartbeat-interval", "1h");
            config.put("quarkus.log.level", "WARN");

            log.accept("agent: first offline run (creates its buffer)");
            long cutAt = System.nanoTime();
            QuarkusAppProcess agent = new QuarkusAppProcess(AGENT_MODULE, config).start();
            Thread.sleep(Duration.ofSeconds(3));
            agent.stop();
            log.accept("agent: writing a backlog of " + backlog + " readings into its buffer");
            appendBacklog(state.resolve(BUFFER_FILE), backlog);

            agent = new QuarkusAppProcess(AGENT_MODULE, config).start();
            try {
                String status = agent.url() + "/status";
                long buffered = buffered(status);
                log.accept("agent: second offline run, " + buffered + " readings buffered; offline for "
                        + offlineRun.toSeconds() + " s more");
                Thread.sleep(offlineRun);
                Set<String> offlineIds = bufferedIds(state.resolve(BUFFER_FILE));

                log.accept("agent: reconnecting (" + offlineIds.size() + " readings buffered)");
                long healedAt = System.nanoTime();
                Duration offline = Duration.ofNanos(healedAt - cutAt);
                cloud.connect();
                Instant healedInstant = Instant.now();
                long deadline = healedAt + limit.toNanos();
                Duration recovery = null;
                Duration drained = null;
                Set<String> remaining = offlineIds;
                while (System.nanoTime() < deadline) {
                    if (recovery == null) {
                        Instant success = lastSuccess(status);
                        if (success != null && !success.isBefore(healedInstant)) {
                            recovery = Duration.between(healedInstant, success);
                        }
                    }
                    remaining = intersect(offlineIds, bufferedIds(state.resolve(BUFFER_FILE)));
                    if (remaining.isEmpty()) {
                        drained = Duration.ofNanos(System.nanoTime() - healedAt);
                        break;
                    }
                    Thread.sleep(200);
                }
                Set<String> acknowledged = new HashSet<>(offlineIds);
                acknowledged.removeAll(remaining);
                String note = drained == null ? remaining.size() + " readings still buffered after "
                        + limit.toSeconds() + " s" : "";
                return new Outcome(acknowledged, offline, recovery, drained, offlineIds.size(), note);
            } finally {
                agent.stop();
            }
        } finally {
            deleteTree(state);
        }
    }

    private static void writeCredentials(Path state, String apiKey) throws IOException {
        ObjectNode credentials = ParseRest.NODES.objectNode().put("apiKey", apiKey)
                .put("deviceName", "fault-suite agent").put("pairedAt", Instant.now().toString());
        Path file = Files.createFile(state.resolve(CREDENTIALS_FILE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, HttpJson.write(credentials));
    }

    /** Readings as the agent buffers them: oldest first, one a second, ending now. */
    private static void appendBacklog(Path buffer, int count) throws SQLException {
        Instant now = Instant.now();
        try (Connection db = sqlite(buffer)) {
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO reading (id, timestamp, sensors) VALUES (?, ?, ?)")) {
                for (int i = count; i > 0; i--) {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, now.minusSeconds(i).toString());
                    insert.setString(3, "{\"temperature\":" + (18 + (i % 80) / 10.0) + ",\"humidity\":"
                            + (40 + (i % 150) / 10.0) + "}");
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            db.commit();
        }
    }

    private static Set<String> bufferedIds(Path buffer) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection db = sqlite(buffer); Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT id FROM reading")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static Connection sqlite(Path file) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setBusyTimeout(5000);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private long buffered(String statusUrl) throws IOException, InterruptedException {
        return HttpJson.await(http.send(HttpMethod.GET, statusUrl, null)).path("buffer").path("buffered").asLong();
    }

    private Instant lastSuccess(String statusUrl) throws IOException, InterruptedException {
        JsonNode at = HttpJson.await(http.send(HttpMethod.GET, statusUrl, null)).path("upload").path("lastSuccessAt");
        return at.isTextual() ? Instant.parse(at.asText()) : null;
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
