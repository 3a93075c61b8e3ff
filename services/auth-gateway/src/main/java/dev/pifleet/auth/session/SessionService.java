package dev.pifleet.auth.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseUser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;

/**
 * Validates session tokens against Parse for this gateway and, through the verify endpoint, for every
 * other service. Valid tokens are cached briefly; refused ones too, so a repeated bad token costs Parse
 * one lookup per {@code negative-cache-ttl}. Only Parse's own refusal is cached, never an outage.
 */
@ApplicationScoped
public class SessionService {

    private final ParseClient parse;
    private final Cache<String, SessionUser> verified;
    private final Cache<String, Boolean> refused;
    private final Counter lookupsValid;
    private final Counter lookupsInvalid;

    SessionService(ParseClient parse, SessionConfig config, MeterRegistry metrics) {
        this.parse = parse;
        this.verified = Caffeine.newBuilder()
                .expireAfterWrite(config.cacheTtl())
                .maximumSize(config.cacheMaxEntries())
                .build();
        this.refused = Caffeine.newBuilder()
                .expireAfterWrite(config.negativeCacheTtl())
                .maximumSize(config.negativeCacheMaxEntries())
                .build();
        this.lookupsValid = lookups("valid", metrics);
        this.lookupsInvalid = lookups("invalid", metrics);
    }

    /** The token's user; an unknown or ended token throws {@code InvalidSessionException} (401). */
    public SessionUser verify(String sessionToken) {
        Objects.requireNonNull(sessionToken, "sessionToken");
        SessionUser cached = verified.getIfPresent(sessionToken);
        if (cached != null) {
            return cached;
        }
        if (refused.getIfPresent(sessionToken) != null) {
            throw new ParseException.InvalidSessionException("the session token was refused recently");
        }
        ParseUser user;
        try {
            user = parse.me(sessionToken);
        } catch (ParseException.InvalidSessionException invalid) {
            lookupsInvalid.increment();
            refused.put(sessionToken, Boolean.TRUE);
            throw invalid;
        }
        lookupsValid.increment();
        SessionUser answer = SessionUser.session(user.objectId(), user.email() != null ? user.email() : user.username());
        verified.put(sessionToken, answer);
        return answer;
    }

    /** Remembers a session that was just created, so the first verify needs no Parse call. */
    public void remember(String sessionToken, SessionUser user) {
        refused.invalidate(sessionToken);
        verified.put(sessionToken, user);
    }

    /** Ends the session in Parse; it stops validating here at once, even if Parse fails. */
    public void end(String sessionToken) {
        Objects.requireNonNull(sessionToken, "sessionToken");
        try {
            parse.logOut(sessionToken);
        } finally {
            verified.invalidate(sessionToken);
            refused.put(sessionToken, Boolean.TRUE);
        }
    }

    /**
     * Drops every cached session of the user, after Parse ended them (password set, account deleted): each is asked
     * of Parse again, which refuses it. A verify already past Parse may cache one for at most {@code cache-ttl}.
     */
    public void forgetUser(String userId) {
        verified.asMap().values().removeIf(user -> user.userId().equals(userId));
    }

    private static Counter lookups(String outcome, MeterRegistry metrics) {
        return Counter.builder("pifleet.auth.session.lookups").description("session tokens looked up in Parse, by answer")
                .tag("outcome", outcome).register(metrics);
    }
}
