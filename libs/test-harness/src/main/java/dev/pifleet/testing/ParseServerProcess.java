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
    private final String databaseUri;
    private final ManagedProcess process;

    public ParseServerProcess(String databaseUri) {
        this(databaseUri, "pifleet-test", HexFormat.of().formatHex(new SecureRandom().generateSeed(24)));
    }

    private ParseServerProcess(String databaseUri, String appId, String masterKey) {
        Path parseServer = ProjectPaths.root().resolve("parse-server");
        if (!Files.isDirectory(parseServer.resolve("node_modules").resolve("parse-server"))) {
            throw new IllegalStateException("parse-server/node_modules is missing: run `npm ci` in " + parseServer
                    + " (./scripts/test does it)");
        }
        this.databaseUri = databaseUri;
        this.port = FreePort.find();
        this.appId = appId;
        this.masterKey = masterKey;
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

    /**
     * A second Parse Server on the same database with the same app id and master key, on its own port: two of them
     * behind a round-robin serve the same clients (the benchmark's and the fault suite's {@code --replicas 2}).
     */
    public ParseServerProcess sibling() {
        return new ParseServerProcess(databaseUri, appId, masterKey);
    }

    /** The running process, for a fault that signals it; empty when it is not running. */
    public java.util.Optional<ProcessHandle> handle() {
        return process.handle();
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
