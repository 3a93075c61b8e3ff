package dev.pifleet.auth.token;

import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.BatchResult;
import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code ApiToken} rows (master key only), the class's one owner. A token's {@code slot} is unique per owner: of two
 * concurrent creates that pick the same free slot one fails, so the per-user limit holds without a transaction.
 */
@ApplicationScoped
public class ApiTokenStore {

    static final String CLASS = "ApiToken";
    private static final String OWNER = "owner";
    private static final String NAME = "name";
    private static final String SCOPES = "scopes";
    private static final String TOKEN_HASH = "tokenHash";
    private static final String SLOT = "slot";
    private static final String EXPIRES_AT = "expiresAt";
    private static final String LAST_USED_AT = "lastUsedAt";
    /** Far above any per-user limit: one page lists them all. */
    private static final int PAGE = ParseQuery.MAX_LIMIT;

    private final ParseClient parse;

    ApiTokenStore(ParseClient parse) {
        this.parse = parse;
    }

    /** A stored token: only its hash, never the token. */
    public record StoredToken(String id, String ownerId, String ownerEmail, String name, List<String> scopes,
            String tokenHash, int slot, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
    }

    /** Creates the row, or empty when {@code slot} was taken meanwhile (a concurrent create won it). */
    Optional<StoredToken> create(String ownerId, String name, List<String> scopes, String tokenHash, int slot,
            Instant expiresAt) {
        try {
            ParseObject created = parse.create(ParseAuth.master(), CLASS, ParseFields.create()
                    .set(OWNER, Pointer.user(ownerId))
                    .set(NAME, name)
                    .set(SCOPES, scopes)
                    .set(TOKEN_HASH, tokenHash)
                    .set(SLOT, slot)
                    .set(EXPIRES_AT, expiresAt)
                    .acl(ParseAcl.masterOnly()));
            return Optional.of(new StoredToken(created.objectId(), ownerId, null, name, scopes, tokenHash, slot,
                    created.createdAt(), expiresAt, null));
        } catch (ParseException.DuplicateValueException slotTaken) {
            return Optional.empty();
        }
    }

    List<StoredToken> ofOwner(String ownerId) {
        return parse.find(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(OWNER, Pointer.user(ownerId))
                        .orderBy("createdAt").limit(PAGE))
                .stream().map(ApiTokenStore::toToken).toList();
    }

    /** The token with this hash, its owner's email included. */
    Optional<StoredToken> byHash(String tokenHash) {
        return parse.first(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(TOKEN_HASH, tokenHash).include(OWNER))
                .map(ApiTokenStore::toToken);
    }

    Optional<StoredToken> byId(String id) {
        try {
            return Optional.of(toToken(parse.get(ParseAuth.master(), CLASS, id)));
        } catch (ParseException.ObjectNotFoundException absent) {
            return Optional.empty();
        }
    }

    /** False when the row is gone: Parse's delete of a missing row fails, so of concurrent deletes one succeeds. */
    boolean delete(String id) {
        try {
            parse.delete(ParseAuth.master(), CLASS, id);
            return true;
        } catch (ParseException.ObjectNotFoundException alreadyGone) {
            return false;
        }
    }

    /** False when the row is gone (revoked meanwhile); an update never recreates a row. */
    boolean markUsed(String id, Instant at) {
        try {
            parse.update(ParseAuth.master(), CLASS, id, ParseFields.create().set(LAST_USED_AT, at));
            return true;
        } catch (ParseException.ObjectNotFoundException revoked) {
            return false;
        }
    }

    /** Deletes every token of the owner (account deletion); returns how many. */
    public int deleteAllOf(String ownerId) {
        List<BatchOperation> deletes = ofOwner(ownerId).stream()
                .map(token -> BatchOperation.delete(CLASS, token.id())).toList();
        return deletes.isEmpty() ? 0 : BatchResult.countApplied(parse.batch(ParseAuth.master(), deletes));
    }

    private static StoredToken toToken(ParseObject row) {
        var owner = row.get(OWNER);
        String email = owner == null ? null : owner.path("email").asText(owner.path("username").asText(null));
        return new StoredToken(row.objectId(), row.getPointerId(OWNER), email, row.getString(NAME),
                row.getStrings(SCOPES), row.getString(TOKEN_HASH), row.getLong(SLOT).intValue(), row.createdAt(), row.getDate(EXPIRES_AT),
                row.getDate(LAST_USED_AT));
    }
}
