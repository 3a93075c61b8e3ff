package dev.pifleet.session;

import dev.pifleet.service.ApiScope;
import java.util.List;

/**
 * The user a valid credential belongs to, as the auth-gateway's verify endpoint answers it: {@code credential} is
 * {@code session} or {@code api_token}; {@code scopes} what the credential may do (a session: every scope).
 */
public record VerifiedUser(String userId, String email, String credential, List<String> scopes) {

    public static final String SESSION = "session";
    public static final String API_TOKEN = "api_token";

    public VerifiedUser {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public boolean isSession() {
        return SESSION.equals(credential);
    }

    public boolean allows(ApiScope scope) {
        return isSession() || scopes.contains(scope.wireName());
    }
}
