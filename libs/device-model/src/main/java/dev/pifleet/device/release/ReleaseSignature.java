package dev.pifleet.device.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The release signature, the one definition both sides use: Ed25519 over {@code pifleet-release-v1|<version>|<sha256>}
 * (UTF-8, lower-case hex digest), carried as standard base64 (88 characters). It is made offline with the release
 * key ({@code ./scripts/release sign}, openssl's {@code pkeyutl -rawin} gives the same bytes); the registry refuses
 * to publish a release whose signature no trusted key made, and the Pi's updater checks it again before it installs.
 *
 * <p>Keys are PEM files: public keys {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo, what
 * {@code openssl pkey -pubout} writes), private keys PKCS#8 {@code -----BEGIN PRIVATE KEY-----}.
 */
public final class ReleaseSignature {

    /** A SHA-256 as the contract writes it. */
    public static final String SHA256_PATTERN = "^[0-9a-f]{64}$";
    public static final String SHA256_RULE = "must be a SHA-256 in lower-case hex (64 characters)";
    /** Standard base64 of the 64 signature bytes. */
    public static final String SIGNATURE_PATTERN = "^[A-Za-z0-9+/]{86}==$";
    public static final String SIGNATURE_RULE = "must be an Ed25519 signature in base64 (88 characters)";
    private static final String ALGORITHM = "Ed25519";

    private ReleaseSignature() {
    }

    /** The signed text. Neither part can hold '|' (version pattern, hex), so no two releases share a text. */
    public static byte[] message(String version, String sha256) {
        return ("pifleet-release-v1|" + version + "|" + sha256).getBytes(StandardCharsets.UTF_8);
    }

    public static String sign(PrivateKey key, String version, String sha256) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(message(version, sha256));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (an Ed25519 private key is needed)", e);
        }
    }

    /**
     * The trusted key that made this signature over (version, sha256), if any. A malformed signature or digest is
     * simply not verified.
     */
    public static Optional<PublicKey> signer(List<PublicKey> trusted, String version, String sha256, String signature) {
        if (version == null || sha256 == null || signature == null || !ReleaseVersions.valid(version)
                || !sha256.matches(SHA256_PATTERN) || !signature.matches(SIGNATURE_PATTERN)) {
            return Optional.empty();
        }
        byte[] bytes = Base64.getDecoder().decode(signature);
        for (PublicKey key : trusted) {
            try {
                Signature verifier = Signature.getInstance(ALGORITHM);
                verifier.initVerify(key);
                verifier.update(message(version, sha256));
                if (verifier.verify(bytes)) {
                    return Optional.of(key);
                }
            } catch (GeneralSecurityException notThisKey) {
                // a key of another algorithm cannot have made it: try the next
            }
        }
        return Optional.empty();
    }

    public static boolean verify(List<PublicKey> trusted, String version, String sha256, String signature) {
        return signer(trusted, version, sha256, signature).isPresent();
    }

    /** A short name of a public key for logs and answers: the first 16 hex digits of SHA-256 over its encoding. */
    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(sha256(key.getEncoded())).substring(0, 16);
    }

    public static String sha256Hex(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** An Ed25519 public key from PEM text. */
    public static PublicKey publicKey(String pem) {
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key in PEM: " + e.getMessage(), e);
        }
    }

    /** An Ed25519 private key from PKCS#8 PEM text. */
    public static PrivateKey privateKey(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key in PKCS#8 PEM", e);
        }
    }

    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    public static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /**
     * Every {@code *.pem} public key in these folders (a missing folder holds none), sorted by file name so that the
     * order is the same everywhere. A file that is not an Ed25519 public key fails loudly: a trust store that silently
     * drops a key would refuse releases nobody could explain.
     */
    public static List<PublicKey> loadFolders(List<Path> folders) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> listing = Files.list(folder)) {
                files = listing.filter(file -> file.getFileName().toString().endsWith(".pem")).sorted().toList();
            }
            for (Path file : files) {
                try {
                    keys.add(publicKey(Files.readString(file, StandardCharsets.US_ASCII)));
                } catch (IllegalArgumentException bad) {
                    throw new IOException(file + ": " + bad.getMessage(), bad);
                }
            }
        }
        return List.copyOf(keys);
    }

    private static byte[] der(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + begin + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
