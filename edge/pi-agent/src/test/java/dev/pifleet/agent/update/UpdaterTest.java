package dev.pifleet.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pifleet.device.release.ReleaseSignature;
import dev.pifleet.device.release.UpdateOffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The updater's logic with a scripted installer: a "package" is a text file naming its version and whether the agent
 * it installs becomes healthy; installing it records the version, and a healthy one records a heartbeat. The clock
 * moves only when the updater pauses, so the health timeout passes without waiting.
 */
class UpdaterTest {

    @TempDir
    Path tmp;

    private final KeyPair release = keyPair();
    private final Map<String, Path> served = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private final ScriptedInstaller installer = new ScriptedInstaller();
    private Instant now = Instant.parse("2026-12-06T10:00:00Z");
    private final Map<String, Instant> heartbeats = new HashMap<>();
    private Path folder;

    @BeforeEach
    void runningVersionOne() throws IOException {
        folder = tmp.resolve("updater");
        Path v1 = pkg("1.0.0", true);
        installer.installed = "1.0.0";
        Files.createDirectories(folder.resolve("packages"));
        Files.copy(v1, folder.resolve("packages/pifleet-agent_1.0.0_all.deb"));
    }

    @Test
    void oneToTwoSucceedsAndKeepsBothPackages() throws Exception {
        UpdateJournal.Entry end = updater().run(Optional.of(offer("2.0.0", pkg("2.0.0", true)))).orElseThrow();
        assertThat(end.phase()).isEqualTo("succeeded");
        assertThat(installer.installed).isEqualTo("2.0.0");
        assertThat(log).containsExactly("install 2.0.0", "restart");
        assertThat(folder.resolve("packages/pifleet-agent_2.0.0_all.deb")).exists();
        assertThat(end.previousVersion()).isEqualTo("1.0.0");
        // The same offer again (the agent's request file is still there): nothing happens twice.
        assertThat(updater().run(Optional.of(end.offer())).orElseThrow().phase()).isEqualTo("succeeded");
        assertThat(log).hasSize(2);
    }

    @Test
    void aNewAgentThatNeverBecomesHealthyIsRolledBackWithTheReason() throws Exception {
        UpdateJournal.Entry end = updater().run(Optional.of(offer("2.0.0", pkg("2.0.0", false)))).orElseThrow();
        assertThat(end.phase()).isEqualTo("rolled-back");
        assertThat(end.reason()).contains("did not record a successful heartbeat within 120 s").contains("reinstalled 1.0.0");
        assertThat(installer.installed).isEqualTo("1.0.0");
        assertThat(log).containsExactly("install 2.0.0", "restart", "install 1.0.0", "restart");
    }

    @Test
    void tamperedPackagesWrongKeysOtherVersionsAndPlainHttpAreRefusedBeforeInstalling() throws Exception {
        Path good = pkg("2.0.0", true);
        UpdateOffer offer = offer("2.0.0", good);
        Files.writeString(good, "tampered", java.nio.file.StandardOpenOption.APPEND);
        assertRefused(new UpdateOffer("r1", "2.0.0", offer.url(), offer.sha256(), Files.size(good), offer.signature(),
                false), "SHA-256");

        Path other = pkg("2.0.1", true);
        String sha = ReleaseSignature.sha256Hex(other);
        PrivateKey stranger = keyPair().getPrivate();
        assertRefused(new UpdateOffer("r2", "2.0.1", url(other), sha, Files.size(other),
                ReleaseSignature.sign(stranger, "2.0.1", sha), false), "not made by a trusted release key");

        // Correctly signed as 2.0.2, but the package inside says 2.0.1.
        assertRefused(new UpdateOffer("r3", "2.0.2", url(other), sha, Files.size(other),
                ReleaseSignature.sign(release.getPrivate(), "2.0.2", sha), false), "is version 2.0.1, not the offered 2.0.2");

        UpdateOffer plain = offer("2.0.1", other);
        assertRefused(new UpdateOffer("r4", "2.0.1", plain.url().replace("https://", "http://"), plain.sha256(),
                plain.size(), plain.signature(), false), "not https");

        assertRefused(new UpdateOffer("r5", "2.0.1", plain.url(), plain.sha256(), plain.size() - 1, plain.signature(),
                false), "bytes");

        Path old = pkg("0.9.0", true);
        assertRefused(offer("0.9.0", old), "downgrade from 1.0.0 to 0.9.0 was not asked for");
        UpdateOffer asked = offer("0.9.0", old);
        assertThat(updater().run(Optional.of(new UpdateOffer("r6", asked.version(), asked.url(), asked.sha256(),
                asked.size(), asked.signature(), true))).orElseThrow().phase()).isEqualTo("succeeded");
    }

    @Test
    void anInstallInterruptedByAPowerCutIsFinishedOnTheNextStartAndTheTrueVersionReported() throws Exception {
        installer.powerCutDuringInstall = true;
        UpdateOffer offer = offer("2.0.0", pkg("2.0.0", true));
        assertThatThrownBy(() -> updater().run(Optional.of(offer))).isInstanceOf(PowerCut.class);
        assertThat(new UpdateJournal(folder).read().orElseThrow().phase()).isEqualTo("installing");
        assertThat(installer.halfInstalled).isTrue();

        // Boot: a new updater process, no new request.
        installer.powerCutDuringInstall = false;
        UpdateJournal.Entry end = updater().run(Optional.empty()).orElseThrow();
        assertThat(log).contains("configure -a");
        assertThat(end.phase()).isEqualTo("succeeded");
        assertThat(installer.installed).isEqualTo("2.0.0");
    }

    @Test
    void anInterruptedInstallThatDpkgCannotFinishIsUndone() throws Exception {
        installer.powerCutDuringInstall = true;
        installer.configureLeavesOldVersion = true;
        UpdateOffer offer = offer("2.0.0", pkg("2.0.0", true));
        assertThatThrownBy(() -> updater().run(Optional.of(offer))).isInstanceOf(PowerCut.class);
        installer.powerCutDuringInstall = false;
        UpdateJournal.Entry end = updater().run(Optional.empty()).orElseThrow();
        assertThat(end.phase()).isEqualTo("rolled-back");
        assertThat(end.reason()).contains("dpkg has 1.0.0, not 2.0.0");
        assertThat(installer.installed).isEqualTo("1.0.0");
    }

    private void assertRefused(UpdateOffer offer, String reason) throws Exception {
        int before = log.size();
        UpdateJournal.Entry end = updater().run(Optional.of(offer)).orElseThrow();
        assertThat(end.phase()).isEqualTo("failed");
        assertThat(end.reason()).contains(reason);
        assertThat(log).as("nothing installed").hasSize(before);
        assertThat(installer.installed).isEqualTo("1.0.0");
    }

    private Updater updater() {
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new Updater(folder, List.of(release.getPublic()), installer,
                (url, to, max) -> {
                    Path source = served.get(url);
                    if (source == null) {
                        throw new IOException("404");
                    }
                    if (Files.size(source) > max) {
                        throw new IOException("more than " + max + " bytes");
                    }
                    Files.copy(source, to);
                },
                version -> Optional.ofNullable(heartbeats.get(version)), Duration.ofSeconds(120), false, clock,
                duration -> now = now.plus(duration));
    }

    private Path pkg(String version, boolean healthy) throws IOException {
        Path file = tmp.resolve("pifleet-agent_" + version + "_all.deb");
        Files.writeString(file, "version=" + version + "\nhealthy=" + healthy + "\n");
        served.put(url(file), file);
        return file;
    }

    private static String url(Path file) {
        return "https://releases.example/" + file.getFileName();
    }

    private UpdateOffer offer(String version, Path file) throws IOException {
        String sha = ReleaseSignature.sha256Hex(file);
        return new UpdateOffer("rollout-" + version, version, url(file), sha, Files.size(file),
                ReleaseSignature.sign(release.getPrivate(), version, sha), false);
    }

    private static KeyPair keyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class PowerCut extends RuntimeException {
    }

    final class ScriptedInstaller implements Installer {
        String installed;
        String pending;
        boolean halfInstalled;
        boolean powerCutDuringInstall;
        boolean configureLeavesOldVersion;

        @Override
        public String installedVersion() {
            return installed;
        }

        @Override
        public String packageVersion(Path deb) throws IOException {
            return Files.readAllLines(deb).getFirst().substring("version=".length());
        }

        @Override
        public void install(Path deb) throws IOException {
            String version = packageVersion(deb);
            log.add("install " + version);
            if (powerCutDuringInstall) {
                halfInstalled = true;
                pending = version;
                throw new PowerCut();
            }
            installed = version;
            if (Files.readString(deb).contains("healthy=true")) {
                heartbeats.put(version, now.plusSeconds(5));
            }
        }

        @Override
        public void finishInterrupted() {
            log.add("configure -a");
            if (halfInstalled && !configureLeavesOldVersion) {
                installed = pending;
                heartbeats.put(pending, now.plusSeconds(5));
            }
            halfInstalled = false;
        }

        @Override
        public void restartAgent() {
            log.add("restart");
        }
    }
}
