package dev.pifleet.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.pifleet.agent.packaging.Commands.onPath;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pifleet.testing.FreePort;
import dev.pifleet.testing.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb that {@code mvn package} builds: its control data and scripts, an install, upgrade, remove and purge with
 * dpkg into a throwaway root, and the agent started by the packaged launcher from that root. Maintainer scripts run
 * with stub {@code useradd}/{@code groupadd}/{@code getent}/{@code systemctl} first on PATH, so nothing here can
 * touch this machine's users or services.
 */
class DebianPackageIT {

    private static final String UNIT = "usr/lib/systemd/system/pifleet-agent.service";
    private static final String CONFFILE = "etc/pifleet-agent/agent.properties";
    private static final String STATE = "var/lib/pifleet-agent";
    private static final String CACHE = "var/cache/pifleet-agent";

    private static Path deb;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findPackage() throws IOException {
        // In CI (CI=true) a missing dpkg fails: the package must not pass its tests unrun.
        assertThat(!"true".equals(System.getenv("CI")) || onPath("dpkg") && onPath("dpkg-deb"))
                .as("dpkg and dpkg-deb on PATH (CI=true)").isTrue();
        assumeTrue(onPath("dpkg") && onPath("dpkg-deb"),
                "dpkg/dpkg-deb not installed: the Debian package tests need a Debian-like build host");
        Path buildDir = Path.of(System.getProperty("pifleet.agent.build-dir", "target"));
        try (Stream<Path> files = Files.list(buildDir)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("pifleet-agent_.+_all\\.deb"))
                    .toList();
            assertThat(debs).as("one pifleet-agent_<version>_all.deb in %s", buildDir).hasSize(1);
            deb = debs.getFirst();
        }
    }

    @Test
    void controlFieldsNameTheJavaRuntimeAndTheConffile() throws IOException {
        String control = run(List.of("dpkg-deb", "-f", deb.toString()), Map.of());
        assertThat(control)
                .contains("Package: pifleet-agent")
                .contains("Architecture: all")
                .containsPattern("(?m)^Version: \\S+")
                .containsPattern("(?m)^Depends: openjdk-21-jre-headless \\| openjdk-25-jre-headless"
                        + " \\| java21-runtime-headless(,|$)")
                .containsPattern("(?m)^Description: .+");
        Path control2 = tmp.resolve("DEBIAN");
        run(List.of("dpkg-deb", "-e", deb.toString(), control2.toString()), Map.of());
        assertThat(Files.readAllLines(control2.resolve("conffiles"))).containsExactly("/" + CONFFILE);
    }

    @Test
    void maintainerScriptsAreValidShellAndExecutable() throws IOException {
        Path control = tmp.resolve("DEBIAN");
        run(List.of("dpkg-deb", "-e", deb.toString(), control.toString()), Map.of());
        Path unpacked = tmp.resolve("tree");
        run(List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()), Map.of());
        List<Path> scripts = List.of(control.resolve("postinst"), control.resolve("prerm"), control.resolve("postrm"),
                unpacked.resolve("usr/bin/pifleet-agent"));
        for (Path script : scripts) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-xr-x");
            assertThat(Files.readString(script)).startsWith("#!/bin/sh\n");
            run(List.of("bash", "-n", script.toString()), Map.of());
            run(List.of("sh", "-n", script.toString()), Map.of());
            if (onPath("shellcheck")) {
                run(List.of("shellcheck", "--shell=sh", script.toString()), Map.of());
            }
        }
    }

    @Test
    void unitFileRunsTheLauncherHardenedAfterTimeSync() throws IOException {
        Path unpacked = tmp.resolve("tree");
        run(List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()), Map.of());
        List<String> unit = Files.readAllLines(unpacked.resolve(UNIT));
        assertThat(unit).contains(
                "Wants=network-online.target time-sync.target",
                "After=network-online.target time-sync.target",
                "User=pifleet",
                "SupplementaryGroups=i2c gpio",
                "StateDirectory=pifleet-agent",
                "StateDirectoryMode=0700",
                "CacheDirectory=pifleet-agent",
                "UMask=0077",
                "ExecStart=/usr/bin/pifleet-agent --env cloud",
                "Restart=on-failure",
                "RestartForceExitStatus=75",
                "NoNewPrivileges=yes",
                "ProtectSystem=strict",
                "ProtectHome=yes",
                "PrivateTmp=yes",
                "WantedBy=multi-user.target");
        // Each of these hides /dev/i2c-1 from the service.
        assertThat(unit).noneMatch(line -> line.startsWith("PrivateDevices=yes") || line.startsWith("DeviceAllow=")
                || line.startsWith("ProtectClock=yes"));
        if (onPath("systemd-analyze")) {
            // Every key known to systemd and every value parseable; ExecStart pointed at the unpacked launcher.
            Path copy = Files.createDirectories(tmp.resolve("units")).resolve("pifleet-agent.service");
            Files.writeString(copy, Files.readString(unpacked.resolve(UNIT)).replace("ExecStart=/usr/bin/pifleet-agent",
                    "ExecStart=" + unpacked.resolve("usr/bin/pifleet-agent")));
            assertThat(run(List.of("systemd-analyze", "verify", "--man=no", copy.toString()), Map.of())).isBlank();
        }
    }

    @Test
    void updaterUnitsRunItAsRootAtBootAndOnTheAgentsRequestWhichIsTheAgentsOnlyWritableFolderOfIt() throws IOException {
        Path unpacked = tmp.resolve("tree");
        run(List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()), Map.of());
        Path units = unpacked.resolve("usr/lib/systemd/system");
        assertThat(Files.readAllLines(units.resolve("pifleet-agent-updater.path"))).contains(
                "PathExists=/var/lib/pifleet-agent-updater/request/request.json",
                "Unit=pifleet-agent-updater.service");
        List<String> service = Files.readAllLines(units.resolve("pifleet-agent-updater.service"));
        assertThat(service).contains("Type=oneshot", "ExecStart=/usr/bin/pifleet-agent updater run",
                "Environment=QUARKUS_PROFILE=cloud", "CacheDirectory=pifleet-agent-updater", "WantedBy=multi-user.target");
        assertThat(service).as("root, and not ordered before the agent whose heartbeat it waits for")
                .noneMatch(line -> line.startsWith("User=") || line.startsWith("Before="));
        assertThat(Files.readAllLines(units.resolve("pifleet-agent.service")))
                .contains("ReadWritePaths=-/var/lib/pifleet-agent-updater/request");
        if (onPath("systemd-analyze")) {
            for (String name : List.of("pifleet-agent-updater.service", "pifleet-agent-updater.path")) {
                Path copy = Files.createDirectories(tmp.resolve("units")).resolve(name);
                Files.writeString(copy, Files.readString(units.resolve(name)).replace("ExecStart=/usr/bin/pifleet-agent",
                        "ExecStart=" + unpacked.resolve("usr/bin/pifleet-agent")));
            }
            assertThat(run(List.of("systemd-analyze", "verify", "--man=no",
                    tmp.resolve("units/pifleet-agent-updater.service").toString()), Map.of())).isBlank();
        }
    }

    @Test
    void installUpgradeRemoveAndPurgeKeepUserEditsAndStateUntilPurge() throws IOException {
        Path root = emptyRoot();
        dpkg(root, "-i", deb.toString());
        assertThat(root.resolve("usr/lib/pifleet-agent/quarkus-run.jar")).isRegularFile();
        assertThat(root.resolve("usr/lib/pifleet-agent/lib/boot")).isDirectory();
        assertThat(root.resolve("usr/share/pifleet-agent/release-keys")).as("the trusted release keys' folder").isDirectory();
        assertMode(root.resolve("usr/bin/pifleet-agent"), "rwxr-xr-x");
        assertMode(root.resolve(UNIT), "rw-r--r--");
        assertMode(root.resolve(CONFFILE), "rw-r--r--");
        assertThat(Files.readString(root.resolve(CONFFILE))).contains("pifleet.agent.cloud-url=https://");
        assertThat(installedVersion(root)).isEqualTo(run(List.of("dpkg-deb", "-f", deb.toString(), "Version"),
                Map.of()).strip());

        // What the running agent leaves behind, and a user's edit of the config.
        Path state = Files.createDirectories(root.resolve(STATE));
        Files.writeString(state.resolve("agent-key.json"), "{\"kept\":true}");
        Files.writeString(state.resolve("readings.db"), "buffered");
        Files.writeString(root.resolve(CONFFILE), "pifleet.agent.cloud-url=https://my.pifleet.example\n");

        Path upgrade = withVersion(deb, "99.0.0");
        dpkg(root, "-i", upgrade.toString());
        assertThat(installedVersion(root)).isEqualTo("99.0.0");
        assertThat(root.resolve(CONFFILE)).hasContent("pifleet.agent.cloud-url=https://my.pifleet.example");
        assertThat(state.resolve("agent-key.json")).hasContent("{\"kept\":true}");
        assertThat(state.resolve("readings.db")).hasContent("buffered");

        dpkg(root, "-r", "pifleet-agent");
        assertThat(root.resolve("usr/lib/pifleet-agent/quarkus-run.jar")).doesNotExist();
        assertThat(root.resolve("usr/bin/pifleet-agent")).doesNotExist();
        assertThat(root.resolve(CONFFILE)).as("remove keeps conffiles").exists();
        assertThat(state.resolve("agent-key.json")).as("remove keeps the state").exists();

        Path cache = Files.createDirectories(root.resolve(CACHE));
        Files.writeString(cache.resolve("agent.jsa"), "archive");
        dpkg(root, "-P", "pifleet-agent");
        assertThat(root.resolve(CONFFILE)).doesNotExist();
        assertThat(root.resolve(STATE)).as("purge deletes the state").doesNotExist();
        assertThat(root.resolve(CACHE)).as("purge deletes the class-data archive").doesNotExist();
        assertThat(calls()).as("scripts honour DPKG_ROOT: no user or service changes on the build host").isEmpty();
    }

    @Test
    void postinstCreatesTheUserAndEnablesTheServiceOnTheTargetSystem() throws IOException {
        Path control = tmp.resolve("DEBIAN");
        run(List.of("dpkg-deb", "-e", deb.toString(), control.toString()), Map.of());
        Map<String, String> env = Map.of("PATH", stubs() + ":/usr/bin:/bin", "DPKG_ROOT", "");

        run(List.of("sh", control.resolve("postinst").toString(), "configure"), env);
        List<String> first = calls();
        assertThat(first).contains("groupadd --system i2c", "groupadd --system gpio",
                "systemctl enable pifleet-agent.service",
                "install -d -m 0755 -o root -g root /var/lib/pifleet-agent-updater /var/lib/pifleet-agent-updater/packages",
                "install -d -m 0700 -o pifleet -g pifleet /var/lib/pifleet-agent-updater/request",
                "systemctl enable pifleet-agent-updater.service pifleet-agent-updater.path");
        assertThat(first).anyMatch(call -> call.startsWith("useradd --system --user-group")
                && call.contains("--shell /usr/sbin/nologin") && call.endsWith(" pifleet"));
        if (Files.isDirectory(Path.of("/run/systemd/system"))) {
            assertThat(first).contains("systemctl start pifleet-agent.service", "systemctl start pifleet-agent-updater.path");
        } else {
            assertThat(first).noneMatch(call -> call.startsWith("systemctl start"));
        }

        Files.delete(tmp.resolve("calls"));
        run(List.of("sh", control.resolve("prerm").toString(), "upgrade", "99.0.0"), env);
        run(List.of("sh", control.resolve("postrm").toString(), "upgrade", "99.0.0"), env);
        assertThat(calls()).as("an upgrade neither stops nor disables the service before postinst restarts it")
                .isEmpty();
        run(List.of("sh", control.resolve("postrm").toString(), "remove"), env);
        assertThat(calls()).contains(
                "systemctl disable pifleet-agent.service pifleet-agent-updater.service pifleet-agent-updater.path");
    }

    @Test
    void launcherStartsTheAgentFromTheInstalledTreeAndRunsEveryCliCommand() throws IOException {
        Path root = emptyRoot();
        dpkg(root, "-i", deb.toString());
        Files.writeString(root.resolve(CONFFILE), """
                pifleet.agent.cloud-url=https://127.0.0.1:9
                pifleet.agent.sensors=simulated
                """);
        Path state = Files.createDirectories(root.resolve(STATE));
        // What systemd's CacheDirectory= gives the service: the launcher keeps the class-data archive there.
        Path cache = Files.createDirectories(root.resolve(CACHE));
        int port = FreePort.find();
        URI base = URI.create("http://127.0.0.1:" + port);
        ManagedProcess agent = new ManagedProcess("packaged pi-agent",
                List.of(root.resolve("usr/bin/pifleet-agent").toString(), "--env", "cloud"), tmp,
                Map.of("JAVA_HOME", System.getProperty("java.home"),
                        "PATH", "/usr/bin:/bin",
                        "PIFLEET_STATE_DIR", state.toString(),
                        "CACHE_DIRECTORY", cache.toString(),
                        "QUARKUS_HTTP_HOST", "127.0.0.1",
                        "QUARKUS_HTTP_PORT", Integer.toString(port)),
                base.resolve("/device-id"), tmp.resolve("agent.log"));
        try {
            agent.start(Duration.ofSeconds(90));
            assertThat(get(base.resolve("/device-id"))).contains("\"deviceId\":\"");
            // The conffile's URL (not the cloud profile's required PIFLEET_CLOUD_URL) is the one in use.
            assertThat(get(base.resolve("/status"))).contains("\"cloudUrl\":\"https://127.0.0.1:9\"");
            assertThat(state.resolve("device_identity.json")).isRegularFile();
            assertThat(Files.readString(tmp.resolve("agent.log"))).contains("Profile cloud activated");

            Path launcher = root.resolve("usr/bin/pifleet-agent");
            Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"),
                    "PIFLEET_STATE_DIR", state.toString());
            String agentUrl = "--agent-url=" + base;
            assertThat(cli(launcher, env, 0, "status", agentUrl))
                    .contains("paired:         no", "cloud:          https://127.0.0.1:9", "buffered:");
            assertThat(cli(launcher, env, 0, "sensors", agentUrl)).containsPattern("(?m)^simulated +\\{.*\"temperature\":");
            // Without --agent-url the CLI finds the agent where the agent's own settings put it.
            assertThat(cli(launcher, Map.of("JAVA_HOME", System.getProperty("java.home"), "QUARKUS_HTTP_PORT",
                    Integer.toString(port)), 0, "status")).contains("paired:         no");
            // The registry is unreachable here, so there is no code to show: said plainly, exit code 1.
            assertThat(cli(launcher, env, 1, "code", agentUrl)).contains("No claim code yet");
            for (String command : List.of("status", "code", "sensors", "unpair", "reset-identity")) {
                assertThat(cli(launcher, env, 0, command, "--help")).contains("Usage: pifleet-agent " + command);
            }
            assertThat(cli(launcher, env, 0, "--help")).contains("reset-identity");
            // A JAVA_HOME older than 21 is passed over (its java would fail) for the next runtime, here on PATH.
            Path java17 = Files.createDirectories(tmp.resolve("jdk-17/bin"));
            Files.writeString(java17.resolve("../release"), "JAVA_VERSION=\"17.0.12\"\n");
            Files.writeString(java17.resolve("java"), "#!/bin/sh\nexit 99\n");
            Files.setPosixFilePermissions(java17.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
            assertThat(cli(launcher, Map.of("JAVA_HOME", java17.getParent().toString(),
                    "PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin"), 0, "status", agentUrl))
                    .contains("paired:");
            assertThat(cli(launcher, env, 3, "reset-identity", "--yes", agentUrl)).contains("stop it first");
            assertThat(state.resolve("device_identity.json")).as("nothing changed while the agent runs").exists();
        } finally {
            agent.stop();
        }
        assertThat(cache.resolve("agent.jsa")).as("the JVM writes the class-data archive as the agent stops")
                .isNotEmptyFile();

        Path launcher = root.resolve("usr/bin/pifleet-agent");
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));
        String stopped = "--agent-url=" + base;
        String dir = "--state-dir=" + state;
        Files.writeString(state.resolve("credentials.json"), "{}");
        assertThat(cli(launcher, env, 1, "status", stopped)).contains("the agent does not answer");
        assertThat(cli(launcher, env, 0, "unpair", "--yes", stopped, dir)).contains("deleted");
        assertThat(state.resolve("credentials.json")).doesNotExist();
        assertThat(state.resolve("device_identity.json")).as("unpair keeps the identity").exists();
        assertThat(cli(launcher, env, 1, "reset-identity", stopped, dir)).contains("Nothing changed");
        assertThat(state.resolve("device_identity.json")).exists();
        cli(launcher, env, 0, "reset-identity", "--yes", stopped, dir);
        assertThat(state.resolve("device_identity.json")).doesNotExist();
        assertThat(state.resolve("readings.db")).doesNotExist();
    }

    /** Runs the packaged launcher with a CLI command (stdin empty, so a question is answered no). */
    private static String cli(Path launcher, Map<String, String> env, int exitCode, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        return run(command, env, exitCode);
    }

    private Path emptyRoot() throws IOException {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.createFile(root.resolve("var/lib/dpkg/status"));
        return root;
    }

    private void dpkg(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-not-root",
                "--force-script-chrootless", "--force-depends", "--log=/dev/null"));
        command.addAll(List.of(args));
        run(command, Map.of("PATH", stubs() + ":" + System.getenv("PATH")));
    }

    private String installedVersion(Path root) {
        return run(List.of("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W", "-f=${Version}",
                "pifleet-agent"), Map.of());
    }

    /** The same package with another version, as the next release would be. */
    private Path withVersion(Path original, String version) throws IOException {
        Path tree = tmp.resolve("upgrade-tree");
        run(List.of("dpkg-deb", "-R", original.toString(), tree.toString()), Map.of());
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        Path result = tmp.resolve("pifleet-agent_" + version + "_all.deb");
        run(List.of("dpkg-deb", "--root-owner-group", "-Zgzip", "-b", tree.toString(), result.toString()), Map.of());
        return result;
    }

    /** Stand-ins for the commands that change users and services; each call is appended to {@code calls}. */
    private Path stubs() {
        Path dir = tmp.resolve("stubs");
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            for (String name : List.of("useradd", "groupadd", "getent", "systemctl", "install")) {
                Path stub = dir.resolve(name);
                // getent finds nothing, so postinst creates what it needs.
                Files.writeString(stub, "#!/bin/sh\necho \"" + name + " $*\" >> '" + tmp.resolve("calls") + "'\n"
                        + (name.equals("getent") ? "exit 2\n" : "exit 0\n"));
                Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> calls() throws IOException {
        Path log = tmp.resolve("calls");
        return Files.exists(log)
                ? Files.readAllLines(log).stream().filter(line -> !line.startsWith("getent ")).toList()
                : List.of();
    }

    private static void assertMode(Path file, String mode) throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("mode of %s", file)
                .isEqualTo(mode);
    }

    private static String get(URI uri) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }


    /** Runs a command to completion (bounded) and returns its output; a non-zero exit fails the test. */
    private static String run(List<String> command, Map<String, String> env) {
        return run(command, env, 0);
    }

    private static String run(List<String> command, Map<String, String> env, int exitCode) {
        return Commands.run(command, env, exitCode, Duration.ofSeconds(120));
    }
}
