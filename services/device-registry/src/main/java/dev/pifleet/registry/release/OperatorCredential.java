package dev.pifleet.registry.release;

import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The operator's credential ({@code Authorization: Operator <token>}): not a user's session, since publishing a release
 * decides what runs as root on every Pi of every owner. Only its SHA-256 is configured, so the Secret holds nothing
 * that publishes; SHA-256 rather than a slow hash because the token is 256 random bits, not a password. The compare is
 * constant-time.
 */
@ApplicationScoped
public class OperatorCredential {

    private static final String SCHEME = "Operator ";
    private final Optional<byte[]> expected;

    OperatorCredential(ReleaseConfig config) {
        this.expected = config.operatorTokenHash().map(String::strip).filter(hash -> !hash.isEmpty())
                .map(hash -> HexFormat.of().parseHex(hash.toLowerCase(Locale.ROOT)));
    }

    /** Returns normally for the operator; 401 for anyone else (403 while no credential is configured). */
    public void require(HttpHeaders headers) {
        if (expected.isEmpty()) {
            throw new ApiException(403, "publishing_disabled", "no operator credential is configured"
                    + " (pifleet.releases.operator-token-hash), so releases cannot be published");
        }
        if (!isOperator(headers)) {
            throw ApiException.unauthorized("operator_required", "publishing needs the operator credential"
                    + " (Authorization: Operator <token>)");
        }
    }

    /** True when the request carries the operator credential. */
    public boolean isOperator(HttpHeaders headers) {
        String header = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (expected.isEmpty() || header == null || !header.startsWith(SCHEME)) {
            return false;
        }
        return MessageDigest.isEqual(expected.get(), sha256(header.substring(SCHEME.length()).strip()));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
