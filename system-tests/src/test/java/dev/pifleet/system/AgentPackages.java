package dev.pifleet.system;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Agent packages for the rollout tests: tiny real {@code pifleet-agent_<version>_all.deb} files (dpkg-deb), served
 * over plain HTTP on loopback as the local run's packages are, where the operator's HTTPS host would be. The simulated
 * Pi downloads one and checks its size, SHA-256, signature and Version: for real before it "installs" it.
 */
final class AgentPackages implements AutoCloseable {

    private final Path dir;
    private final HttpServer server;

    AgentPackages(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/files/", exchange -> {
            Path file = dir.resolve(Path.of(exchange.getRequestURI().getPath()).getFileName().toString());
            byte[] bytes = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
            exchange.sendResponseHeaders(bytes == null ? 404 : 200, bytes == null ? -1 : bytes.length);
            try (var out = exchange.getResponseBody()) {
                if (bytes != null) {
                    out.write(bytes);
                }
            }
        });
        server.start();
    }

    /** Builds the package of this version; returns the file. */
    Path build(String version) {
        try {
            Path tree = Files.createDirectories(dir.resolve("tree-" + version).resolve("DEBIAN"));
            Files.writeString(tree.resolve("control"), "Package: pifleet-agent\nVersion: " + version
                    + "\nArchitecture: all\nMaintainer: system tests <t@example.invalid>\nDescription: test package\n");
            Path deb = dir.resolve("pifleet-agent_" + version + "_all.deb");
            Process build = new ProcessBuilder(List.of("dpkg-deb", "--root-owner-group", "-b", tree.getParent().toString(),
                    deb.toString())).redirectErrorStream(true).start();
            String output = new String(build.getInputStream().readAllBytes());
            if (!build.waitFor(60, TimeUnit.SECONDS) || build.exitValue() != 0) {
                throw new IllegalStateException("dpkg-deb -b failed: " + output);
            }
            return deb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where the Pi downloads the file. */
    String url(Path deb) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + deb.getFileName();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
