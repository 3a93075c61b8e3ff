package dev.pifleet.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The project's real Parse Server ({@code parse-server/index.js}) on a free loopback port,
 * with fresh random keys. It can be stopped and started again on the same port and database,
 * for tests of what the services do while Parse is down.
 */
public final class ParseServerProcess {

    private final int port;
    private final String appId;
    private final String masterKey;
    private final ManagedProcess process;

    public ParseServerProcess(String databaseUri) {
        Path parseServer = ProjectPaths.root().resolve("parse-server");
        if (!Files.isDirectory(parseServer.resolve("node_modules").resolve("parse-server"))) {
            throw new IllegalStateException("parse-server/node_modules is missing: run `npm ci` in " + parseServer
                    + " (./scripts/test does it)");
        }
        this.port = FreePort.find();
        this.appId = "pifleet-test";
        this.masterKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        Map<String, String> environment = Map.of(
                "PARSE_APP_ID", appId,
                "PARSE_MASTER_KEY", masterKey,
                "DATABASE_URI", databaseUri,
                "PARSE_PORT", String.valueOf(port),
                "PARSE_SERVER_URL", url());
        String node = System.getenv().getOrDefault("PIFLEET_NODE", "node");
        this.process = new ManagedProcess("parse-server", List.of(node, "index.js"), parseServer, environment,
                URI.create(url() + "/health"), ProjectPaths.processLogs().resolve("parse-server-" + port + ".log"));
    }

    public void start() {
        process.start(Duration.ofSeconds(60));
    }

    public void stop() {
        process.stop();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    public int port() {
        return port;
    }

    /** Base URL with the mount path, as {@code parse.url} takes it. */
    public String url() {
        return "http://127.0.0.1:" + port + "/parse";
    }

    public String appId() {
        return appId;
    }

    public String masterKey() {
        return masterKey;
    }

    public Path logFile() {
        return process.logFile();
    }

    /** The settings a pifleet service needs to reach this Parse Server. */
    public Map<String, String> clientConfig() {
        return Map.of("parse.url", url(), "parse.app-id", appId, "parse.master-key", masterKey);
    }
}
