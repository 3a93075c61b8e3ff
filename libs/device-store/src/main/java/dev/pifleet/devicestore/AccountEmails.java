package dev.pifleet.devicestore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * An account's (normalised) email by its user id, which shares name. Cached: an account's email never changes (the
 * auth-gateway stores it normalised as both username and email, and no endpoint changes it) and a deleted account's id
 * is never given to another, so a cached answer cannot grant a share to the wrong user. Only found accounts are cached.
 */
@ApplicationScoped
class AccountEmails {

    private static final Duration KEPT = Duration.ofMinutes(10);

    private final ParseClient parse;
    private final Cache<String, String> emails = Caffeine.newBuilder().expireAfterWrite(KEPT).maximumSize(100_000).build();

    AccountEmails(ParseClient parse) {
        this.parse = parse;
    }

    Optional<String> of(String userId) {
        String cached = emails.getIfPresent(userId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> email = parse.first(ParseAuth.master(), ParseQuery.of("_User")
                        .equalTo("objectId", userId).keys("email"))
                .map(row -> row.getString("email"));
        email.ifPresent(found -> emails.put(userId, found));
        return email;
    }
}
