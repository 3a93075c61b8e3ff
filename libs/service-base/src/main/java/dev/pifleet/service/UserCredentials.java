package dev.pifleet.service;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/** Reads a user's session token from either of the contract's headers. */
public final class UserCredentials {

    /** The seed's header. */
    public static final String SESSION_TOKEN_HEADER = "x-session-token";
    private static final String BEARER = "Bearer ";

    private UserCredentials() {
    }

    public static Optional<String> sessionToken(HttpHeaders headers) {
        String token = headers.getHeaderString(SESSION_TOKEN_HEADER);
        if (token == null || token.isBlank()) {
            String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                token = authorization.substring(BEARER.length());
            }
        }
        return Optional.ofNullable(token).map(String::trim).filter(value -> !value.isEmpty() && value.length() <= 256);
    }

    /** The session token, or a 401 {@code missing_credentials}. */
    public static String requireSessionToken(HttpHeaders headers) {
        return sessionToken(headers).orElseThrow(() -> ApiException.unauthorized("missing_credentials",
                "send the session token as x-session-token or Authorization: Bearer"));
    }
}
