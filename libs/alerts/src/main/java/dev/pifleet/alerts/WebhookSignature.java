package dev.pifleet.alerts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The webhook secret and the {@code X-Pifleet-Signature} header: {@code sha256=<hex HMAC-SHA256 of the raw body>}. */
public final class WebhookSignature {

    public static final String HEADER = "X-Pifleet-Signature";
    public static final String TIMESTAMP_HEADER = "X-Pifleet-Timestamp";
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

    public static String header(String secret, byte[] body) {
        return "sha256=" + hmacHex(secret, body);
    }

    public static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
