package dev.pifleet.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Another pifleet module's built app ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as its own
 * process on a free port, e.g. the real auth-gateway behind the device-registry's tests. Modules listed
 * earlier in the root pom are built before later ones, so the jar exists during a reactor build.
 */
public final class QuarkusAppProcess {

    private final String module;
    private final int port;
    private final ManagedProcess process;

    /**
     * @param module the module folder, e.g. {@code services/auth-gateway}
     * @param config configuration passed as system properties, e.g. {@code parse.url}
     */
    public QuarkusAppProcess(String module, Map<String, String> config) {
        this(module, FreePort.find(), config);
    }

    /**
     * On a port chosen beforehand ({@link FreePort#find()}), for apps that must know each other's URLs before
     * either starts.
     */
    public QuarkusAppProcess(String module, int port, Map<String, String> config) {
        this.module = module;
        this.port = port;
        Path jar = ProjectPaths.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first with `mvn -pl " + module
                    + " package -DskipTests` (a reactor build does this in order)");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        String name = module.substring(module.lastIndexOf('/') + 1);
        this.process = new ManagedProcess(name, command, jar.getParent(), Map.of(),
                URI.create(url() + "/q/health/ready"), ProjectPaths.processLogs().resolve(name + "-" + port + ".log"));
    }

    public QuarkusAppProcess start() {
        process.start(Duration.ofSeconds(90));
        return this;
    }

    /** SIGTERM (a clean shutdown), then SIGKILL after 10 s. */
    public void stop() {
        process.stop();
    }

    /** SIGKILL: the app gets no chance to finish anything. {@link #start()} runs it again. */
    public void kill() {
        process.kill();
    }

    /** For an app that exits by itself: waits for that and returns its exit code. {@link #start()} runs it again. */
    public int awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String module() {
        return module;
    }

    /** The running process, for a fault that signals it; empty when it is not running. */
    public java.util.Optional<ProcessHandle> handle() {
        return process.handle();
    }

    public Path logFile() {
        return process.logFile();
    }
}
