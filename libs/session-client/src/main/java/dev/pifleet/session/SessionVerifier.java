package dev.pifleet.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pifleet.service.ApiException;
import dev.pifleet.service.ApiScope;
import dev.pifleet.service.UserCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Validates the user credential of a request through the auth-gateway: a session token, or a personal API token
 * ({@code pft_…}) that carries scopes. Positive answers are cached for {@link SessionClientConfig#cacheTtl} (default
 * 5 s): that is how long a logged-out session or a revoked token may still pass here, the bound the contract allows.
 * Failures are never cached.
 */
@ApplicationScoped
public class SessionVerifier {

    static final Duration RETRY_AFTER_UNAVAILABLE = Duration.ofSeconds(5);

    private final SessionVerifyApi gateway;
    private final Cache<String, VerifiedUser> verified;

    SessionVerifier(@RestClient SessionVerifyApi gateway, SessionClientConfig config) {
        this.gateway = gateway;
        this.verified = Caffeine.newBuilder().expireAfterWrite(config.cacheTtl()).maximumSize(100_000).build();
    }

    /**
     * The user of the request's session; 401 when missing or invalid, 503 when the gateway is down, 403
     * {@code session_required} for an API token. For what a script must not do: pairing, account deletion, tokens.
     */
    public VerifiedUser authenticate(HttpHeaders headers) {
        VerifiedUser user = verify(UserCredentials.requireSessionToken(headers));
        if (!user.isSession()) {
            throw ApiException.forbidden("session_required", "this action needs a login session, not an API token");
        }
        return user;
    }

    /** The user of the request's session, or of an API token with {@code scope}; else 403 {@code insufficient_scope}. */
    public VerifiedUser authenticate(HttpHeaders headers, ApiScope scope) {
        VerifiedUser user = verify(UserCredentials.requireSessionToken(headers));
        if (!user.allows(scope)) {
            throw ApiException.forbidden("insufficient_scope", "this API token lacks the scope " + scope.wireName());
        }
        return user;
    }

    public VerifiedUser verify(String sessionToken) {
        VerifiedUser cached = verified.getIfPresent(sessionToken);
        if (cached != null) {
            return cached;
        }
        VerifiedUser user = askGateway(sessionToken);
        verified.put(sessionToken, user);
        return user;
    }

    private VerifiedUser askGateway(String sessionToken) {
        int status;
        try (Response answer = gateway.verify(new SessionVerifyApi.VerifyRequest(sessionToken))) {
            status = answer.getStatus();
            if (status == 200) {
                return answer.readEntity(VerifiedUser.class);
            }
        } catch (WebApplicationException refused) {
            status = refused.getResponse().getStatus();
        } catch (ProcessingException unreachable) {
            throw ApiException.unavailable("session validation is unavailable; retry later", RETRY_AFTER_UNAVAILABLE);
        }
        if (status == 400 || status == 401) {
            throw ApiException.unauthorized("invalid_session", "the session is invalid or has ended");
        }
        throw ApiException.unavailable("session validation is unavailable; retry later", RETRY_AFTER_UNAVAILABLE);
    }

    /** True when the auth-gateway answers its liveness check. */
    boolean gatewayAnswers() {
        try (Response answer = gateway.live()) {
            return answer.getStatus() == 200;
        } catch (RuntimeException unreachable) {
            return false;
        }
    }
}
