package dev.pifleet.alerts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook secret and the {@code X-Pifleet-Signature} header: {@code t=<Unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>">}. The timestamp is inside the HMAC, so a captured delivery cannot be replayed with a fresh one.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Pifleet-Signature";
    public static final String DELIVERY_HEADER = "X-Pifleet-Delivery";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** 32 random bytes, hex, with a prefix that makes a leaked secret recognisable. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + HexFormat.of().formatHex(bytes);
    }

    public static String header(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + hmacHex(secret, signed(timestamp, body));
    }

    /**
     * What a receiver does (docs/alerts.md has it in shell and Python): the header's {@code v1} must be the HMAC of
     * its {@code t}, a dot and the body, and {@code t} within {@code tolerance} of {@code now}.
     */
    public static boolean verify(String secret, String header, byte[] body, Instant now, Duration tolerance) {
        Long timestamp = null;
        String v1 = null;
        for (String part : header == null ? new String[0] : header.split(",")) {
            if (part.startsWith("t=")) {
                try {
                    timestamp = Long.parseLong(part.substring(2));
                } catch (NumberFormatException garbage) {
                    return false;
                }
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (timestamp == null || v1 == null
                || Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(hmacHex(secret, signed(timestamp, body)).getBytes(StandardCharsets.US_ASCII),
                v1.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] signed(long timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] text = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, text, 0, prefix.length);
        System.arraycopy(body, 0, text, prefix.length, body.length);
        return text;
    }

    public static String hmacHex(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
