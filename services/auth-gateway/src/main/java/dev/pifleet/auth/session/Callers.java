package dev.pifleet.auth.session;

import dev.pifleet.auth.token.ApiTokens;
import dev.pifleet.auth.token.TokenGrant;
import dev.pifleet.service.ApiException;
import dev.pifleet.service.UserCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Who is calling: a session token (Parse) or a personal API token ({@code pft_…}, never sent to Parse). The one
 * place that tells them apart, for this gateway's endpoints and, through the verify endpoint, every service's.
 */
@ApplicationScoped
public class Callers {

    private final SessionService sessions;
    private final ApiTokens tokens;

    Callers(SessionService sessions, ApiTokens tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    /** The credential's user; 401 {@code invalid_session} when it is unknown, ended, revoked or expired. */
    public SessionUser verify(String credential) {
        if (ApiTokens.isToken(credential)) {
            TokenGrant grant = tokens.verify(credential);
            return SessionUser.apiToken(grant.userId(), grant.email(), grant.scopes());
        }
        return sessions.verify(credential);
    }

    /** The request's user, by session or token. */
    public SessionUser any(HttpHeaders headers) {
        return verify(UserCredentials.requireSessionToken(headers));
    }

    /** A verified session: its token (to keep it when others end) and its user. */
    public record Session(String token, SessionUser user) {

        @Override
        public String toString() {
            return "Session[token=<redacted>, user=" + user + "]";
        }
    }

    /**
     * The request's session, verified; 403 {@code session_required} for an API token (token management, password
     * and account changes are not for scripts).
     */
    public Session requireSession(HttpHeaders headers) {
        String credential = UserCredentials.requireSessionToken(headers);
        if (ApiTokens.isToken(credential)) {
            throw ApiException.forbidden("session_required", "this action needs a login session, not an API token");
        }
        return new Session(credential, sessions.verify(credential));
    }
}
