package dev.pifleet.auth.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pifleet.auth.token.ApiTokenStore.StoredToken;
import dev.pifleet.parse.ParseException;
import dev.pifleet.service.ApiException;
import dev.pifleet.service.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Personal API tokens ({@code pft_…}) for scripts: created with scopes and an expiry, shown once, stored as a SHA-256
 * hash, verified here for every service (docs/security.md, "Personal API tokens").
 * <p>
 * Valid tokens are cached as briefly as sessions ({@code cache-ttl}). A revoke through this replica takes effect here at once: the hash
 * is marked refused before the cache entry is dropped, and a verify that raced the revoke checks the mark after it
 * cached, so no stale entry survives. Other replicas and the services' own caches hold it at most
 * {@code pifleet.session.cache-ttl} longer.
 */
@ApplicationScoped
public class ApiTokens {

    public static final String PREFIX = "pft_";
    /** Concurrent creates that lose a slot try the next free one; a handful of rounds settles any real contention. */
    private static final int SLOT_ATTEMPTS = 8;
    private static final Logger LOG = Logger.getLogger(ApiTokens.class);

    private final ApiTokenStore store;
    private final TokenConfig config;
    private final Clock clock;
    private final Cache<String, TokenGrant> verified;
    private final Cache<String, Boolean> refused;

    @Inject
    ApiTokens(ApiTokenStore store, TokenConfig config) {
        this(store, config, Clock.systemUTC());
    }

    ApiTokens(ApiTokenStore store, TokenConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().expireAfterWrite(config.cacheTtl())
                .maximumSize(config.cacheMaxEntries()).build();
        this.refused = Caffeine.newBuilder().expireAfterWrite(config.refusedCacheTtl())
                .maximumSize(config.cacheMaxEntries()).build();
    }

    /** True for text that claims to be a token (and so is never sent to Parse as a session). */
    public static boolean isToken(String credential) {
        return credential != null && credential.startsWith(PREFIX);
    }

    /** A new token and its description; the token is in this answer only. */
    public record Created(TokenInfo info, String token) {

        @Override
        public String toString() {
            return "Created[info=" + info + ", token=<redacted>]";
        }
    }

    /** What the owner sees of a token. */
    public record TokenInfo(String id, String name, List<String> scopes, Instant createdAt, Instant expiresAt,
            Instant lastUsedAt) {

        static TokenInfo of(StoredToken token) {
            return new TokenInfo(token.id(), token.name(), token.scopes(), token.createdAt(), token.expiresAt(),
                    token.lastUsedAt());
        }
    }

    public Created create(String userId, String name, Set<String> scopes, Integer expiresInDays) {
        Objects.requireNonNull(userId, "userId");
        String token = Secrets.generate(PREFIX);
        List<String> sortedScopes = List.copyOf(new TreeSet<>(scopes));
        Instant expiresAt = clock.instant().plus(Duration.ofDays(expiresInDays != null
                ? expiresInDays : config.defaultExpiresInDays()));
        for (int attempt = 0; attempt < SLOT_ATTEMPTS; attempt++) {
            int slot = firstFreeSlot(userId);
            Optional<StoredToken> created = store.create(userId, name.strip(), sortedScopes, Secrets.hash(token), slot,
                    expiresAt);
            if (created.isPresent()) {
                LOG.infof("user %s created API token %s", userId, created.get().id());
                return new Created(TokenInfo.of(created.get()), token);
            }
        }
        throw ApiException.unavailable("too many tokens are being created at once; retry", Duration.ofSeconds(1));
    }

    private int firstFreeSlot(String userId) {
        Set<Integer> taken = new HashSet<>();
        store.ofOwner(userId).forEach(token -> taken.add(token.slot()));
        for (int slot = 0; slot < config.maxPerUser(); slot++) {
            if (!taken.contains(slot)) {
                return slot;
            }
        }
        throw ApiException.forbidden("token_quota_exceeded",
                "an account holds at most " + config.maxPerUser() + " API tokens; revoke one first");
    }

    public List<TokenInfo> list(String userId) {
        return store.ofOwner(userId).stream().map(TokenInfo::of).toList();
    }

    /** Revokes one of the caller's tokens; 404 when absent, another's, or revoked by a concurrent call. */
    public void revoke(String userId, String tokenId) {
        StoredToken token = store.byId(tokenId).filter(found -> userId.equals(found.ownerId()))
                .orElseThrow(() -> ApiException.notFound("no such API token"));
        boolean deleted = store.delete(token.id());
        forget(token.tokenHash());
        if (!deleted) {
            throw ApiException.notFound("no such API token");
        }
        LOG.infof("user %s revoked API token %s", userId, token.id());
    }

    /** Every token of the account, at account deletion. */
    public void revokeAll(String userId) {
        List<StoredToken> tokens = store.ofOwner(userId);
        store.deleteAllOf(userId);
        tokens.forEach(token -> forget(token.tokenHash()));
    }

    /** The grant of a live token; an unknown, revoked or expired one throws {@code InvalidSessionException} (401). */
    public TokenGrant verify(String token) {
        if (!Secrets.isWellFormed(PREFIX, token)) {
            throw invalid();
        }
        String hash = Secrets.hash(token);
        Instant now = clock.instant();
        TokenGrant cached = verified.getIfPresent(hash);
        if (cached != null && !cached.expired(now) && refused.getIfPresent(hash) == null) {
            return cached;
        }
        if (refused.getIfPresent(hash) != null) {
            throw invalid();
        }
        StoredToken stored = store.byHash(hash).orElse(null);
        if (stored == null || !now.isBefore(stored.expiresAt())) {
            refused.put(hash, Boolean.TRUE);
            throw invalid();
        }
        if (stored.lastUsedAt() == null || !now.isBefore(stored.lastUsedAt().plus(config.lastUsedResolution()))) {
            if (!store.markUsed(stored.id(), now)) {
                refused.put(hash, Boolean.TRUE);
                throw invalid();
            }
        }
        TokenGrant grant = new TokenGrant(stored.id(), stored.ownerId(), stored.ownerEmail(), stored.scopes(),
                stored.expiresAt());
        verified.put(hash, grant);
        if (refused.getIfPresent(hash) != null) {
            // Revoked through this replica while we looked it up: the revoke's answer must hold here at once.
            verified.invalidate(hash);
            throw invalid();
        }
        return grant;
    }

    private void forget(String tokenHash) {
        refused.put(tokenHash, Boolean.TRUE);
        verified.invalidate(tokenHash);
    }

    private static ParseException.InvalidSessionException invalid() {
        return new ParseException.InvalidSessionException("the API token is unknown, revoked or expired");
    }
}
