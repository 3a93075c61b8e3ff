package dev.pifleet.device.pairing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import dev.pifleet.device.DeviceIds;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * How an agent proves it is the agent that asked for a claim code: every pairing call it makes to the cloud is
 * signed with the Ed25519 key pair it generated on first start. The signed text names the purpose, the deviceId,
 * the public key and a millisecond timestamp, so a signature for one call cannot be used for another, and the
 * registry refuses a timestamp it has already seen for that key (no replays).
 *
 * <p>Public keys travel as the raw 32 bytes, base64url without padding (43 characters).
 */
public final class AgentProof {

    /** What a signature is for. */
    public enum Purpose {
        CLAIM_CODE("claim-code"),
        CREDENTIALS("credentials");

        private final String wireName;

        Purpose(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** The JSON body of both agent calls. */
    public record SignedRequest(
            @NotNull @Pattern(regexp = DeviceIds.PATTERN, message = DeviceIds.RULE) String deviceId,
            @NotNull @Pattern(regexp = PUBLIC_KEY_PATTERN, message = "must be an Ed25519 public key, 43 characters of base64url")
            String publicKey,
            @Positive long timestamp,
            @NotNull @Pattern(regexp = SIGNATURE_PATTERN, message = "must be an Ed25519 signature, 86 characters of base64url")
            String signature) {
    }

    /** The X.509 SubjectPublicKeyInfo header of every Ed25519 key (RFC 8410); the raw key follows it. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int RAW_KEY_BYTES = 32;
    private static final String PUBLIC_KEY_PATTERN = "^[A-Za-z0-9_-]{43}$";
    private static final String SIGNATURE_PATTERN = "^[A-Za-z0-9_-]{86}$";
    private static final java.util.regex.Pattern PUBLIC_KEY = java.util.regex.Pattern.compile(PUBLIC_KEY_PATTERN);
    private static final java.util.regex.Pattern SIGNATURE = java.util.regex.Pattern.compile(SIGNATURE_PATTERN);
    private static final String ALGORITHM = "Ed25519";

    private AgentProof() {
    }

    public static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK >= 15", e);
        }
    }

    /** The public key as it travels: raw 32 bytes, base64url. */
    public static String encode(PublicKey publicKey) {
        byte[] spki = publicKey.getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - RAW_KEY_BYTES, spki.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    public static SignedRequest sign(Purpose purpose, String deviceId, KeyPair keys, long timestamp) {
        String publicKey = encode(keys.getPublic());
        return new SignedRequest(deviceId, publicKey, timestamp,
                signature(purpose, deviceId, publicKey, timestamp, keys.getPrivate()));
    }

    /** A signature by any private key: tests use it to forge requests for a public key they do not hold. */
    public static String signature(Purpose purpose, String deviceId, String publicKey, long timestamp, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(message(purpose, deviceId, publicKey, timestamp));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with this Ed25519 key", e);
        }
    }

    /** True when the key and signature are well-formed and the signature is the key's over this request. */
    public static boolean verify(Purpose purpose, SignedRequest request) {
        if (request.deviceId() == null || request.publicKey() == null || request.signature() == null
                || !PUBLIC_KEY.matcher(request.publicKey()).matches()
                || !SIGNATURE.matcher(request.signature()).matches()) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(decode(request.publicKey()));
            verifier.update(message(purpose, request.deviceId(), request.publicKey(), request.timestamp()));
            return verifier.verify(Base64.getUrlDecoder().decode(request.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException invalid) {
            return false;
        }
    }

    private static PublicKey decode(String publicKey) throws GeneralSecurityException {
        byte[] raw = Base64.getUrlDecoder().decode(publicKey);
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
    }

    /** The signed text; its parts cannot contain '|' (deviceId pattern, base64url). */
    private static byte[] message(Purpose purpose, String deviceId, String publicKey, long timestamp) {
        return ("pifleet-agent-v1|" + purpose.wireName() + "|" + deviceId + "|" + publicKey + "|" + timestamp)
                .getBytes(StandardCharsets.UTF_8);
    }
}
