package dev.pifleet.device.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseSignatureTest {

    private static final String SHA = "a".repeat(64);

    @TempDir
    Path tmp;

    private final KeyPair release = newKeyPair();
    private final KeyPair other = newKeyPair();

    @Test
    void aSignatureVerifiesOnlyForItsVersionDigestAndKey() {
        String signature = ReleaseSignature.sign(release.getPrivate(), "1.2.0", SHA);
        assertThat(signature).matches(ReleaseSignature.SIGNATURE_PATTERN);
        List<java.security.PublicKey> trusted = List.of(other.getPublic(), release.getPublic());
        assertThat(ReleaseSignature.signer(trusted, "1.2.0", SHA, signature)).contains(release.getPublic());
        assertThat(ReleaseSignature.verify(trusted, "1.2.1", SHA, signature)).as("another version").isFalse();
        assertThat(ReleaseSignature.verify(trusted, "1.2.0", "b".repeat(64), signature)).as("another file").isFalse();
        assertThat(ReleaseSignature.verify(List.of(other.getPublic()), "1.2.0", SHA, signature)).as("untrusted key")
                .isFalse();
        assertThat(ReleaseSignature.verify(trusted, "1.2.0", SHA, "not base64")).isFalse();
        assertThat(ReleaseSignature.verify(trusted, "1.2.0", SHA.toUpperCase(), signature)).as("upper-case hex").isFalse();
    }

    @Test
    void pemKeysRoundTripAndFoldersLoadSorted() throws IOException {
        Files.writeString(tmp.resolve("b.pem"), ReleaseSignature.pem(release.getPublic()));
        Files.writeString(tmp.resolve("a.pem"), ReleaseSignature.pem(other.getPublic()));
        Files.writeString(tmp.resolve("README"), "not a key, not read");
        assertThat(ReleaseSignature.loadFolders(List.of(tmp, tmp.resolve("missing"))))
                .containsExactly(other.getPublic(), release.getPublic());
        assertThat(ReleaseSignature.privateKey(ReleaseSignature.pem(release.getPrivate()))).isEqualTo(release.getPrivate());
        Files.writeString(tmp.resolve("c.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> ReleaseSignature.loadFolders(List.of(tmp))).hasMessageContaining("c.pem");
    }

    @Test
    void opensslSignsTheSameMessage() throws Exception {
        // ./scripts/release and docs/updates.md sign with openssl: its signature must verify here.
        if (!new ProcessBuilder("sh", "-c", "command -v openssl").start().waitFor(10, TimeUnit.SECONDS)) {
            return;
        }
        Path key = tmp.resolve("release.key");
        Files.writeString(key, ReleaseSignature.pem(release.getPrivate()));
        Path message = tmp.resolve("message");
        Files.write(message, ReleaseSignature.message("2.0.0~rc1", SHA));
        Process openssl = new ProcessBuilder("openssl", "pkeyutl", "-sign", "-inkey", key.toString(), "-rawin", "-in",
                message.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] raw = openssl.getInputStream().readAllBytes();
        assertThat(openssl.waitFor()).isZero();
        String signature = java.util.Base64.getEncoder().encodeToString(raw);
        assertThat(ReleaseSignature.verify(List.of(release.getPublic()), "2.0.0~rc1", SHA, signature)).isTrue();
        assertThat(new String(ReleaseSignature.message("2.0.0~rc1", SHA), StandardCharsets.UTF_8))
                .isEqualTo("pifleet-release-v1|2.0.0~rc1|" + SHA);
    }

    @Test
    void versionsAreOrderedAsDpkgOrdersThem() {
        assertThat(ReleaseVersions.compare("1.0.0", "1.0.1")).isNegative();
        assertThat(ReleaseVersions.compare("1.10.0", "1.9.0")).isPositive();
        assertThat(ReleaseVersions.compare("1.0.0~rc1", "1.0.0")).isNegative();
        assertThat(ReleaseVersions.compare("1.0.0~SNAPSHOT", "1.0.0~rc1")).isNegative();
        assertThat(ReleaseVersions.compare("1.0.0-2", "1.0.0-10")).isNegative();
        assertThat(ReleaseVersions.compare("1.0", "1.0.0")).isNegative();
        assertThat(ReleaseVersions.compare("1.0.0a", "1.0.0")).isPositive();
        assertThat(ReleaseVersions.compare("1.0.0+b1", "1.0.0a")).isPositive();
        assertThat(ReleaseVersions.compare("01.0", "1.0")).isZero();
        assertThat(ReleaseVersions.valid("1.0.0~SNAPSHOT")).isTrue();
        assertThat(ReleaseVersions.valid("1:1.0")).as("no epoch").isFalse();
        assertThat(ReleaseVersions.valid("1.0|x")).isFalse();
        assertThat(ReleaseVersions.valid("v1.0")).isFalse();
    }

    private static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
