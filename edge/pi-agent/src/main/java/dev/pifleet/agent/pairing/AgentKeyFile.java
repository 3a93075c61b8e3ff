package dev.pifleet.agent.pairing;

import dev.pifleet.agent.AgentJson;
import dev.pifleet.device.pairing.AgentProof;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * {@code agent-key.json}: the agent's Ed25519 key pair, made on first start and kept across restarts and unpairing
 * (mode 0600 from creation). It is what proves to the registry that a claim-code request and the later key pickup
 * come from the same agent. The private key is never logged.
 */
public final class AgentKeyFile {

    public static final String FILE_NAME = "agent-key.json";

    /** PKCS#8 private key and X.509 public key, standard base64 (the JDK's own encodings). */
    @RegisterForReflection
    public record Stored(String algorithm, String privateKey, String publicKey, Instant createdAt) {

        @Override
        public String toString() {
            return "Stored[algorithm=" + algorithm + ", privateKey=<redacted>, createdAt=" + createdAt + "]";
        }
    }

    private AgentKeyFile() {
    }

    public static KeyPair loadOrCreate(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return load(file);
        }
        KeyPair keys = AgentProof.newKeyPair();
        Base64.Encoder base64 = Base64.getEncoder();
        OwnerOnlyFile.writeJson(file, new Stored("Ed25519", base64.encodeToString(keys.getPrivate().getEncoded()),
                base64.encodeToString(keys.getPublic().getEncoded()), Instant.now()));
        return keys;
    }

    private static KeyPair load(Path file) {
        try {
            Stored stored = AgentJson.MAPPER.readValue(file.toFile(), Stored.class);
            if (stored.privateKey() == null || stored.publicKey() == null) {
                throw new IllegalArgumentException("a key is missing");
            }
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            Base64.Decoder base64 = Base64.getDecoder();
            return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(base64.decode(stored.publicKey()))),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(base64.decode(stored.privateKey()))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " holds no valid Ed25519 key pair; delete it to make a new one"
                    + " (the Pi then needs a new claim code)", e);
        }
    }
}
