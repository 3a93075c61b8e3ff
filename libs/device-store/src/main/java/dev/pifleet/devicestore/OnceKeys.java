package dev.pifleet.devicestore;

import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * {@code OnceKey} rows (master key only): the arbiter for things that may happen once (a device key generation here; claim codes and signed agent requests in the registry). Parse transactions
 * are not used (docs/architecture.md), so "check, then act" is replaced by "create a row with a unique key, then act":
 * of any number of concurrent attempts, on any number of replicas, exactly one create succeeds.
 */
@ApplicationScoped
public class OnceKeys {

    static final String CLASS = "OnceKey";
    private static final String KEY = "key";
    private static final String EXPIRES_AT = "expiresAt";
    private static final int SWEEP_BATCH = 50;

    private final ParseClient parse;

    OnceKeys(ParseClient parse) {
        this.parse = parse;
    }

    /**
     * True for the first caller with this key; false for every other, concurrent or later, until {@code keepUntil}
     * has passed and the sweep has deleted the row. Keep it at least as long as a second use could still do harm.
     */
    public boolean firstUse(String key, Instant keepUntil) {
        try {
            parse.create(ParseAuth.master(), CLASS, ParseFields.create()
                    .set(KEY, key)
                    .set(EXPIRES_AT, keepUntil)
                    .acl(ParseAcl.masterOnly()));
            return true;
        } catch (ParseException.DuplicateValueException usedBefore) {
            return false;
        }
    }

    /** Gives a key back when the work it guarded failed before it did anything (so it can be tried again). */
    public void release(String key) {
        parse.first(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(KEY, key).keys(KEY))
                .ifPresent(row -> {
                    try {
                        parse.delete(ParseAuth.master(), CLASS, row.objectId());
                    } catch (ParseException.ObjectNotFoundException alreadyGone) {
                        // swept meanwhile: released all the same
                    }
                });
    }

    /** Deletes up to one batch of keys kept until before {@code now}; returns how many. */
    public int deleteExpired(Instant now) {
        return parse.deleteFound(ParseQuery.of(CLASS).lessThan(EXPIRES_AT, now).keys(EXPIRES_AT).limit(SWEEP_BATCH));
    }
}
