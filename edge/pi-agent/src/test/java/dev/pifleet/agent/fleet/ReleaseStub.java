package dev.pifleet.agent.fleet;

import dev.pifleet.agent.StubHttp;
import dev.pifleet.device.release.ReleaseSignature;
import dev.pifleet.device.release.UpdateOffer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Signed agent releases for the agent's update tests: a release key (its public half in a trusted-keys folder the
 * agent reads), tiny real .deb files built with dpkg-deb, served over HTTP on a free loopback port.
 */
public class ReleaseStub implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = Path.of("target", "test-state", "releases").toAbsolutePath();
    static KeyPair key;
    private static HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            StubHttp.deleteTree(DIR);
            Files.createDirectories(DIR.resolve("keys"));
            Files.createDirectories(DIR.resolve("files"));
            key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.writeString(DIR.resolve("keys/test.pem"), ReleaseSignature.pem(key.getPublic()));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/files/", exchange -> {
                Path file = DIR.resolve("files").resolve(Path.of(exchange.getRequestURI().getPath()).getFileName());
                byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
                exchange.sendResponseHeaders(Files.exists(file) ? 200 : 404, bytes.length == 0 ? -1 : bytes.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("pifleet.agent.update.release-keys-dirs", DIR.resolve("keys").toString());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A real (tiny) pifleet-agent .deb of this version, served, and a correctly signed offer of it. */
    static UpdateOffer release(String rolloutId, String version) throws IOException, InterruptedException {
        Path tree = DIR.resolve("tree-" + version);
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.writeString(tree.resolve("DEBIAN/control"), "Package: pifleet-agent\nVersion: " + version
                + "\nArchitecture: all\nMaintainer: test <t@example.invalid>\nDescription: test package\n");
        Path deb = DIR.resolve("files").resolve("pifleet-agent_" + version + "_all.deb");
        Process build = new ProcessBuilder(List.of("dpkg-deb", "--root-owner-group", "-b", tree.toString(), deb.toString()))
                .redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes());
        if (!build.waitFor(60, TimeUnit.SECONDS) || build.exitValue() != 0) {
            throw new IOException("dpkg-deb -b failed: " + output);
        }
        String sha = ReleaseSignature.sha256Hex(deb);
        return new UpdateOffer(rolloutId, version, url(deb.getFileName().toString()), sha, Files.size(deb),
                ReleaseSignature.sign(key.getPrivate(), version, sha), false);
    }

    static String url(String fileName) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + fileName;
    }
}
