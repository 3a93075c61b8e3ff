package dev.pifleet.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Device API keys: 256 random bits as URL-safe text behind a {@code pfk_} prefix that secret
 * scanners can spot. Only {@link #hash(String)} is ever stored.
 */
public final class ApiKeys {

    public static final String PREFIX = "pfk_";
    /** How a device presents its key: {@code Authorization: Device <apiKey>}. */
    public static final String AUTHORIZATION_SCHEME = "Device ";
    private static final int RANDOM_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("^pfk_[A-Za-z0-9_-]{43}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        byte[] secret = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * SHA-256, not bcrypt: the key is 256 random bits, so there is nothing to brute-force,
     * and it is looked up by hash on every device request, which a slow hash would make costly.
     */
    public static String hash(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** True when the text has the shape of a key; anything else can be refused without a lookup. */
    public static boolean isWellFormed(String apiKey) {
        return apiKey != null && FORMAT.matcher(apiKey).matches();
    }
}
