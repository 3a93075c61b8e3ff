package dev.pifleet.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Bearer secrets a user holds (personal API tokens, password-reset and verification links): 256 random bits as
 * URL-safe text behind a prefix that secret scanners can spot. Only {@link #hash(String)} is ever stored.
 */
public final class Secrets {

    private static final int RANDOM_BYTES = 32;
    private static final String BODY = "[A-Za-z0-9_-]{43}";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String generate(String prefix) {
        byte[] secret = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * SHA-256, not bcrypt: the secret is 256 random bits, so there is nothing to brute-force, and it is looked up by
     * hash on every use, which a slow hash would make costly.
     */
    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** True when the text has the shape {@link #generate} gives; anything else can be refused without a lookup. */
    public static boolean isWellFormed(String prefix, String secret) {
        return secret != null && secret.startsWith(prefix)
                && Pattern.matches(BODY, secret.substring(prefix.length()));
    }
}
