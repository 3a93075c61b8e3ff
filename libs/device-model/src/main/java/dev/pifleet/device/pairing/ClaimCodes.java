package dev.pifleet.device.pairing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Claim codes: 8 characters of Crockford base32 (40 random bits), shown as {@code XXXX-XXXX}. A person reads one off
 * the Pi and types it into the cloud UI, so input is forgiving: case, spaces and dashes do not matter, and the letters
 * Crockford reads as digits ({@code O} as 0, {@code I}/{@code L} as 1) are read that way.
 */
public final class ClaimCodes {

    public static final int LENGTH = 8;
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClaimCodes() {
    }

    /** A new code in its display form, e.g. {@code 7KQ2-M9XD}. */
    public static String generate() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return display(code.toString());
    }

    /**
     * The canonical 8 characters of what a user typed, or empty when it cannot be a code
     * (then it is answered like an unknown code, without a lookup).
     */
    public static Optional<String> normalize(String typed) {
        if (typed == null || typed.length() > 32) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder(LENGTH);
        for (char c : typed.toCharArray()) {
            if (c == '-' || c == ' ' || c == '\t') {
                continue;
            }
            char upper = switch (Character.toUpperCase(c)) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> Character.toUpperCase(c);
            };
            if (ALPHABET.indexOf(upper) < 0 || code.length() == LENGTH) {
                return Optional.empty();
            }
            code.append(upper);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }

    /** The display form of a canonical code. */
    public static String display(String canonical) {
        return canonical.substring(0, LENGTH / 2) + "-" + canonical.substring(LENGTH / 2);
    }

    /**
     * What is stored instead of the code. A plain SHA-256 is enough: a code lives at most 15 minutes and guessing
     * online is rate-limited; whoever can read the database offline could write its rows anyway.
     */
    public static String hash(String canonical) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
