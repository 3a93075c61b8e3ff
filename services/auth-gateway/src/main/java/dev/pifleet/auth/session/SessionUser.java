package dev.pifleet.auth.session;

import dev.pifleet.service.ApiScope;
import java.util.List;

/**
 * The user a valid credential belongs to; the verify endpoint's answer (libs/session-client {@code VerifiedUser}).
 * A session may do everything; an API token what its scopes say.
 */
public record SessionUser(String userId, String email, String credential, List<String> scopes) {

    static final String SESSION = "session";
    static final String API_TOKEN = "api_token";

    public static SessionUser session(String userId, String email) {
        return new SessionUser(userId, email, SESSION, ApiScope.allNames());
    }

    static SessionUser apiToken(String userId, String email, List<String> scopes) {
        return new SessionUser(userId, email, API_TOKEN, List.copyOf(scopes));
    }

    public boolean isSession() {
        return SESSION.equals(credential);
    }
}
