package dev.pifleet.auth.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseUser;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;

/**
 * Validates session tokens against Parse for this gateway and, through the verify endpoint, for every
 * other service. Only positive answers are cached; an unknown or ended token is asked about each time.
 */
@ApplicationScoped
public class SessionService {

    private final ParseClient parse;
    private final Cache<String, SessionUser> verified;

    SessionService(ParseClient parse, SessionConfig config) {
        this.parse = parse;
        this.verified = Caffeine.newBuilder()
                .expireAfterWrite(config.cacheTtl())
                .maximumSize(config.cacheMaxEntries())
                .build();
    }

    /** The token's user; an unknown or ended token throws {@code InvalidSessionException} (401). */
    public SessionUser verify(String sessionToken) {
        Objects.requireNonNull(sessionToken, "sessionToken");
        SessionUser cached = verified.getIfPresent(sessionToken);
        if (cached != null) {
            return cached;
        }
        ParseUser user = parse.me(sessionToken);
        SessionUser answer = new SessionUser(user.objectId(), user.email() != null ? user.email() : user.username());
        verified.put(sessionToken, answer);
        return answer;
    }

    /** Remembers a session that was just created, so the first verify needs no Parse call. */
    public void remember(String sessionToken, SessionUser user) {
        verified.put(sessionToken, user);
    }

    /** Ends the session in Parse; it stops validating here at once, even if Parse fails. */
    public void end(String sessionToken) {
        Objects.requireNonNull(sessionToken, "sessionToken");
        try {
            parse.logOut(sessionToken);
        } finally {
            verified.invalidate(sessionToken);
        }
    }
}
