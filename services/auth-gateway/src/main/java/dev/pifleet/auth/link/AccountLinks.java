package dev.pifleet.auth.link;

import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import dev.pifleet.service.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Single-use links mailed to an account's address (password reset, email verification): the one owner of
 * {@code AccountLink} and {@code AccountLinkUse} (master key only). Only the secret's SHA-256 hash is stored.
 * <p>
 * Parse transactions are not used (docs/architecture.md), so "check it is unused, then use it" is replaced by
 * "create the use row, whose key is unique": of any number of concurrent redemptions, on any replica, exactly one
 * create succeeds.
 */
@ApplicationScoped
public class AccountLinks {

    static final String LINK = "AccountLink";
    static final String USE = "AccountLinkUse";
    private static final String USER = "user";
    private static final String PURPOSE = "purpose";
    private static final String EMAIL = "email";
    private static final String TOKEN_HASH = "tokenHash";
    private static final String EXPIRES_AT = "expiresAt";
    private static final String KEY = "key";
    private static final int PAGE = 50;

    /** What a link is for; its secret carries a prefix that says so. */
    public enum Purpose {
        PASSWORD_RESET("password-reset", "pfr_"),
        VERIFY_EMAIL("verify-email", "pfv_");

        private final String wireName;
        private final String prefix;

        Purpose(String wireName, String prefix) {
            this.wireName = wireName;
            this.prefix = prefix;
        }
    }

    /** A link that was just used, by the caller alone. */
    public record Redeemed(String userId, String email, String tokenHash) {
    }

    private final ParseClient parse;
    private final Clock clock = Clock.systemUTC();

    AccountLinks(ParseClient parse) {
        this.parse = parse;
    }

    /** Stores a new link for the user and returns its secret, which goes into the mail only. */
    public String issue(Purpose purpose, String userId, String email, Duration validFor) {
        String secret = Secrets.generate(purpose.prefix);
        parse.create(ParseAuth.master(), LINK, ParseFields.create()
                .set(USER, Pointer.user(userId))
                .set(PURPOSE, purpose.wireName)
                .set(EMAIL, email)
                .set(TOKEN_HASH, Secrets.hash(secret))
                .set(EXPIRES_AT, clock.instant().plus(validFor))
                .acl(ParseAcl.masterOnly()));
        return secret;
    }

    /**
     * The link's account, for the first caller with a live link; empty for an unknown, expired or already used one
     * (and for every concurrent caller but one). A winner whose work then fails gives the use back with
     * {@link #release}.
     */
    public Optional<Redeemed> redeem(Purpose purpose, String secret) {
        if (!Secrets.isWellFormed(purpose.prefix, secret)) {
            return Optional.empty();
        }
        String hash = Secrets.hash(secret);
        Instant now = clock.instant();
        Optional<ParseObject> link = parse.first(ParseAuth.master(), ParseQuery.of(LINK)
                .equalTo(TOKEN_HASH, hash).equalTo(PURPOSE, purpose.wireName));
        if (link.isEmpty() || !now.isBefore(link.get().getDate(EXPIRES_AT))) {
            return Optional.empty();
        }
        try {
            parse.create(ParseAuth.master(), USE, ParseFields.create()
                    .set(KEY, hash)
                    .set(EXPIRES_AT, link.get().getDate(EXPIRES_AT))
                    .acl(ParseAcl.masterOnly()));
        } catch (ParseException.DuplicateValueException usedBefore) {
            return Optional.empty();
        }
        return Optional.of(new Redeemed(link.get().getPointerId(USER), link.get().getString(EMAIL), hash));
    }

    /** Gives a use back when the work it guarded failed before it changed anything, so the link can be tried again. */
    public void release(Redeemed redeemed) {
        parse.first(ParseAuth.master(), ParseQuery.of(USE).equalTo(KEY, redeemed.tokenHash()).keys(KEY))
                .ifPresent(use -> deleteQuietly(USE, use.objectId()));
    }

    /** Deletes the user's links of this purpose (all of them when null): a used reset voids the other mails. */
    public int deleteAllOf(String userId, Purpose purpose) {
        ParseQuery query = ParseQuery.of(LINK).equalTo(USER, Pointer.user(userId)).keys(USER).limit(PAGE);
        if (purpose != null) {
            query.equalTo(PURPOSE, purpose.wireName);
        }
        return parse.deleteAllFound(query);
    }

    /** Deletes up to a page of each class's rows whose time has passed; returns how many. */
    public int deleteExpired() {
        Instant now = clock.instant();
        return parse.deleteFound(ParseQuery.of(LINK).lessThan(EXPIRES_AT, now).keys(EXPIRES_AT).limit(PAGE))
                + parse.deleteFound(ParseQuery.of(USE).lessThan(EXPIRES_AT, now).keys(EXPIRES_AT).limit(PAGE));
    }

    private void deleteQuietly(String className, String objectId) {
        try {
            parse.delete(ParseAuth.master(), className, objectId);
        } catch (ParseException.ObjectNotFoundException alreadyGone) {
            // swept meanwhile: released all the same
        }
    }
}
