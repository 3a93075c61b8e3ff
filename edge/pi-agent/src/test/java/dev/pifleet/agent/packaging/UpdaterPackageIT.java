package dev.pifleet.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.pifleet.agent.packaging.Commands.onPath;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pifleet.agent.update.UpdateJournal;
import dev.pifleet.agent.update.UpdateRequest;
import dev.pifleet.agent.update.UpdateStatus;
import dev.pifleet.device.release.ReleaseSignature;
import dev.pifleet.device.release.UpdateOffer;
import dev.pifleet.device.release.UpdateReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root updater as the package runs it ({@code /usr/bin/pifleet-agent updater run}, a process of its own) on two
 * versions of the built .deb in a throwaway root: real dpkg ({@code --root}), real downloads over HTTP, real
 * signatures, the agent's own request file and journal reader. Simulated, because nothing can run as a service in a
 * throwaway root: the agent's restart and its first heartbeat. The restart command is a script that records the
 * health the new agent would record after a heartbeat answered 200 (the installed version, now), unless the installed
 * package carries the test's UNHEALTHY marker, which stands for an agent that never gets one.
 */
class UpdaterPackageIT {

    private static final String STATE = "var/lib/pifleet-agent";
    private static final String UPDATER = "var/lib/pifleet-agent-updater";
    private static Path deb;

    @TempDir
    Path tmp;

    private Path root;
    private HttpServer server;
    private final KeyPair release = keyPair();

    @BeforeAll
    static void findPackage() throws IOException {
        assertThat(!"true".equals(System.getenv("CI")) || onPath("dpkg") && onPath("dpkg-deb"))
                .as("dpkg and dpkg-deb on PATH (CI=true)").isTrue();
        assumeTrue(onPath("dpkg") && onPath("dpkg-deb"), "dpkg/dpkg-deb not installed");
        Path buildDir = Path.of(System.getProperty("pifleet.agent.build-dir", "target"));
        try (Stream<Path> files = Files.list(buildDir)) {
            deb = files.filter(f -> f.getFileName().toString().matches("pifleet-agent_.+_all\\.deb")).findFirst()
                    .orElseThrow();
        }
    }

    /** Version 1.0.0 installed by hand and kept as the rollback target, as docs/ota.md says to do once. */
    @BeforeEach
    void versionOneInstalled() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Files.createDirectories(tmp.resolve("served"));
        server.createContext("/", exchange -> {
            Path file = tmp.resolve("served").resolve(Path.of(exchange.getRequestURI().getPath()).getFileName());
            exchange.sendResponseHeaders(200, Files.size(file));
            try (var out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        });
        server.start();
        root = tmp.resolve("root");
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.createFile(root.resolve("var/lib/dpkg/status"));
        Path v1 = repack("1.0.0", false);
        run(dpkg("-i", v1.toString()), Map.of(), 0);
        // What postinst makes on a real system (it skips users and folders under DPKG_ROOT).
        Files.createDirectories(root.resolve(STATE));
        Files.createDirectories(root.resolve(UPDATER).resolve("request"));
        Files.createDirectories(root.resolve("etc/pifleet-agent/release-keys"));
        Files.writeString(root.resolve("etc/pifleet-agent/release-keys/test.pem"),
                ReleaseSignature.pem(release.getPublic()));
        assertThat(run(updater("keep", v1.toString()), env(), 0)).contains("kept");
        assertThat(root.resolve(UPDATER).resolve("packages/pifleet-agent_1.0.0_all.deb")).isRegularFile();
        assertThat(installed()).isEqualTo("1.0.0");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void oneToTwoSucceedsAndTheAgentReportsIt() throws Exception {
        UpdateOffer offer = offer("r1", repack("2.0.0", false), release.getPrivate());
        UpdateRequest.write(requests(), offer);

        String output = run(updater("run"), env(), 0);

        assertThat(output).contains("2.0.0 (rollout r1): succeeded");
        assertThat(installed()).isEqualTo("2.0.0");
        assertThat(root.resolve("usr/lib/pifleet-agent/quarkus-run.jar")).isRegularFile();
        assertThat(requests().resolve(UpdateRequest.FILE_NAME)).as("the request is taken").doesNotExist();
        assertThat(root.resolve(UPDATER).resolve("packages/pifleet-agent_2.0.0_all.deb")).isRegularFile();
        assertThat(restarts()).isEqualTo(1);
        assertThat(report()).contains(new UpdateReport("r1", "2.0.0", "succeeded", null));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                root.resolve(UPDATER).resolve(UpdateJournal.FILE_NAME)))).isEqualTo("rw-r--r--");
        assertThat(tmp.resolve("updater-cache/app/quarkus-run.jar")).as("the updater ran from its own copy of the jars")
                .isRegularFile();

        // The same request again (the agent would not write it, but a person might): nothing happens twice.
        UpdateRequest.write(requests(), offer);
        run(updater("run"), env(), 0);
        assertThat(restarts()).isEqualTo(1);
    }

    @Test
    void aSecondVersionThatNeverBecomesHealthyIsRolledBackWithTheReason() throws Exception {
        UpdateRequest.write(requests(), offer("r2", repack("2.0.0", true), release.getPrivate()));

        run(updater("run"), env(), 0);

        assertThat(installed()).isEqualTo("1.0.0");
        assertThat(root.resolve("usr/lib/pifleet-agent/UNHEALTHY")).doesNotExist();
        UpdateReport report = report().orElseThrow();
        assertThat(report.state()).isEqualTo("rolled-back");
        assertThat(report.reason()).isEqualTo("the new agent 2.0.0 did not record a successful heartbeat within 5 s;"
                + " reinstalled 1.0.0");
        assertThat(restarts()).isEqualTo(2);
    }

    @Test
    void aTamperedPackageAndAWrongKeysSignatureAreRefusedWithNothingInstalled() throws Exception {
        Path v2 = repack("2.0.0", false);
        UpdateOffer signed = offer("r3", v2, release.getPrivate());
        Files.write(v2, new byte[] {0}, StandardOpenOption.APPEND);
        UpdateRequest.write(requests(), new UpdateOffer("r3", "2.0.0", signed.url(), signed.sha256(), Files.size(v2),
                signed.signature(), false));
        run(updater("run"), env(), 0);
        assertThat(report().orElseThrow().state()).isEqualTo("failed");
        assertThat(report().orElseThrow().reason()).contains("SHA-256");

        UpdateRequest.write(requests(), offer("r4", repack("2.0.1", false), keyPair().getPrivate()));
        run(updater("run"), env(), 0);
        assertThat(report()).contains(new UpdateReport("r4", "2.0.1", "failed",
                "the signature was not made by a trusted release key"));
        assertThat(installed()).isEqualTo("1.0.0");
        assertThat(restarts()).isZero();
        assertThat(root.resolve(UPDATER).resolve("packages/pifleet-agent_2.0.1_all.deb")).doesNotExist();
    }

    @Test
    void anInstallCutShortIsFinishedOnTheNextStartAndTheTrueVersionReported() throws Exception {
        cutShortMidInstall("r5");

        String output = run(updater("run"), env(), 0);

        assertThat(output).contains("2.0.0 (rollout r5): succeeded");
        assertThat(installed()).isEqualTo("2.0.0");
        assertThat(report()).contains(new UpdateReport("r5", "2.0.0", "succeeded", null));
    }

    @Test
    void anInstallCutShortThatDpkgCannotFinishIsUndoneOnTheNextStart() throws Exception {
        cutShortMidInstall("r6");
        Files.createFile(root.resolve("test-failing-postinst-2.0.0"));

        run(updater("run"), env(), 0);

        assertThat(installed()).isEqualTo("1.0.0");
        assertThat(report()).contains(new UpdateReport("r6", "2.0.0", "rolled-back",
                "after the interrupted install dpkg has no working version, not 2.0.0; reinstalled 1.0.0"));
    }

    /**
     * The updater killed (with dpkg and the package's postinst under it) while dpkg configures 2.0.0: what a power
     * cut leaves, a journal in "installing" and a half-configured package.
     */
    private void cutShortMidInstall(String rolloutId) throws Exception {
        UpdateRequest.write(requests(), offer(rolloutId, repack("2.0.0", false), release.getPrivate()));
        Files.createFile(root.resolve("test-slow-postinst-2.0.0"));
        List<String> command = updater("run");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("cut-short.log").toFile());
        builder.environment().putAll(env());
        Process process = builder.start();
        Instant deadline = Instant.now().plusSeconds(180);
        while (!Files.exists(root.resolve("test-postinst-started"))) {
            assertThat(process.isAlive()).as("updater still running: %s", Files.readString(tmp.resolve("cut-short.log")))
                    .isTrue();
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(100);
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(30, TimeUnit.SECONDS);
        Files.delete(root.resolve("test-slow-postinst-2.0.0"));

        assertThat(new UpdateJournal(root.resolve(UPDATER)).read().orElseThrow().phase()).isEqualTo("installing");
        assertThat(run(List.of("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W",
                "-f=${Version} ${db:Status-Abbrev}", "pifleet-agent"), Map.of(), 0).strip())
                .as("dpkg left 2.0.0 half-configured").isEqualTo("2.0.0 iF");
        assertThat(report().orElseThrow().state()).isEqualTo("installing");
    }

    private Optional<UpdateReport> report() {
        return new UpdateStatus(root.resolve(STATE), root.resolve(UPDATER), "unused", "dpkg", Optional.empty()).report();
    }

    private Path requests() {
        return root.resolve(UPDATER).resolve("request");
    }

    private String installed() {
        return run(List.of("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W", "-f=${Version}",
                "pifleet-agent"), Map.of(), 0).strip();
    }

    private int restarts() throws IOException {
        Path log = tmp.resolve("restarts");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    private List<String> updater(String... args) {
        List<String> command = new ArrayList<>(List.of(root.resolve("usr/bin/pifleet-agent").toString(), "updater"));
        command.addAll(List.of(args));
        return command;
    }

    /** The settings the packaged unit would give, pointed at the throwaway root. */
    private Map<String, String> env() throws IOException {
        Path restart = tmp.resolve("restart-agent");
        if (!Files.exists(restart)) {
            Files.writeString(restart, """
                    #!/bin/sh
                    # "systemctl restart pifleet-agent", and the restarted agent's first heartbeat answered 200.
                    set -e
                    echo restart >> '%1$s/restarts'
                    version=$(dpkg-query --admindir='%2$s/var/lib/dpkg' -W -f='${Version}' pifleet-agent)
                    if [ ! -e '%2$s/usr/lib/pifleet-agent/UNHEALTHY' ]; then
                        printf '{"version":"%%s","heartbeatAt":"%%s"}' "$version" "$(date -u +%%Y-%%m-%%dT%%H:%%M:%%S.%%NZ)" \\
                            > '%2$s/var/lib/pifleet-agent/update-health.json'
                    fi
                    """.formatted(tmp, root));
            Files.setPosixFilePermissions(restart, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(tmp.resolve("updater-cache"));
        }
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", stubs() + ":/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("CACHE_DIRECTORY", tmp.resolve("updater-cache").toString());
        env.put("PIFLEET_STATE_DIR", root.resolve(STATE).toString());
        env.put("PIFLEET_AGENT_UPDATE_DIR", root.resolve(UPDATER).toString());
        env.put("PIFLEET_AGENT_UPDATE_REQUEST_DIR", requests().toString());
        env.put("PIFLEET_AGENT_UPDATE_RELEASE_KEYS_DIRS", root.resolve("usr/share/pifleet-agent/release-keys") + ","
                + root.resolve("etc/pifleet-agent/release-keys"));
        env.put("PIFLEET_AGENT_UPDATE_DPKG_ROOT", root.toString());
        env.put("PIFLEET_AGENT_UPDATE_DPKG_OPTIONS", "--force-not-root,--force-depends,--log=/dev/null");
        env.put("PIFLEET_AGENT_UPDATE_RESTART_COMMAND", restart.toString());
        env.put("PIFLEET_AGENT_UPDATE_HEALTH_TIMEOUT", "5s");
        return env;
    }

    private UpdateOffer offer(String rolloutId, Path pkg, PrivateKey key) throws IOException {
        Path served = tmp.resolve("served").resolve(rolloutId + "-" + pkg.getFileName());
        Files.copy(pkg, served);
        String version = run(List.of("dpkg-deb", "-f", pkg.toString(), "Version"), Map.of(), 0).strip();
        String sha = ReleaseSignature.sha256Hex(served);
        // The tampered case appends to pkg after this; the server sends the file as it is then.
        Files.delete(served);
        Files.createSymbolicLink(served, pkg);
        return new UpdateOffer(rolloutId, version, "http://127.0.0.1:" + server.getAddress().getPort() + "/"
                + served.getFileName(), sha, Files.size(pkg), ReleaseSignature.sign(key, version, sha), false);
    }

    /**
     * The built package with another Version:, as the next release would be. Its postinst gains the test's hooks
     * (slow, failing; each only while its marker file for this version exists in the root); an unhealthy one also carries a marker.
     */
    private Path repack(String version, boolean unhealthy) throws IOException {
        Path tree = tmp.resolve("tree-" + version + (unhealthy ? "-unhealthy" : ""));
        run(List.of("dpkg-deb", "-R", deb.toString(), tree.toString()), Map.of(), 0);
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        Path postinst = tree.resolve("DEBIAN/postinst");
        Files.writeString(postinst, Files.readString(postinst).replaceFirst("(?m)^set -e$", java.util.regex.Matcher.quoteReplacement("""
                set -e
                if [ -e "$DPKG_ROOT/test-slow-postinst-%1$s" ]; then : > "$DPKG_ROOT/test-postinst-started"; sleep 600; fi
                if [ -e "$DPKG_ROOT/test-failing-postinst-%1$s" ]; then echo "scripted postinst failure" >&2; exit 1; fi"""
                .formatted(version))));
        if (unhealthy) {
            Files.writeString(tree.resolve("usr/lib/pifleet-agent/UNHEALTHY"), "never records a heartbeat\n");
        }
        Path result = tmp.resolve((unhealthy ? "unhealthy-" : "") + "pifleet-agent_" + version + "_all.deb");
        run(List.of("dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "-b", tree.toString(), result.toString()),
                Map.of(), 0);
        return result;
    }

    private List<String> dpkg(String... args) {
        List<String> command = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-not-root",
                "--force-script-chrootless", "--force-depends", "--log=/dev/null"));
        command.addAll(List.of(args));
        return command;
    }

    /** Stand-ins for commands that would change this machine's users and services; under DPKG_ROOT none is called. */
    private Path stubs() {
        Path dir = tmp.resolve("stubs");
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            for (String name : List.of("useradd", "groupadd", "systemctl")) {
                Path stub = dir.resolve(name);
                Files.writeString(stub, "#!/bin/sh\necho \"" + name + " $*\" >> '" + tmp.resolve("calls") + "'\n");
                Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }


    private static String run(List<String> command, Map<String, String> env, int exitCode) {
        return Commands.run(command, env, exitCode, Duration.ofSeconds(300));
    }
}
