package dev.pifleet.devicestore;

import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The one owner of {@code AccountDeletion} (master key only): accounts whose owner asked for their deletion, the
 * purge job's to-do list. The auth-gateway writes a row before it deletes anything, so whatever fails after it, the
 * registry's purge job finishes the work (devices, shares, rules, alerts, rollouts) and then deletes the row. It holds
 * the user id (the {@code _User} row is gone by then) and the email, which received shares name.
 */
@ApplicationScoped
public class AccountDeletions {

    static final String CLASS = "AccountDeletion";
    static final String USER_ID = "userId";
    static final String EMAIL = "email";
    static final String REQUESTED_AT = "requestedAt";

    private final ParseClient parse;

    AccountDeletions(ParseClient parse) {
        this.parse = parse;
    }

    public record Pending(String id, String userId, String email) {
    }

    /** Records the request; asking twice is one request (userId is unique). */
    public void request(String userId, String normalisedEmail, Instant at) {
        try {
            parse.create(ParseAuth.master(), CLASS, ParseFields.create().set(USER_ID, userId)
                    .set(EMAIL, normalisedEmail).set(REQUESTED_AT, at).acl(ParseAcl.masterOnly()));
        } catch (ParseException.DuplicateValueException alreadyAsked) {
            // the earlier request is still pending: the job does the same work for both
        }
    }

    /** Up to {@code limit} pending deletions, oldest first. */
    public List<Pending> pending(int limit) {
        return parse.find(ParseAuth.master(), ParseQuery.of(CLASS).orderBy(REQUESTED_AT).limit(limit)).stream()
                .map(AccountDeletions::toPending).toList();
    }

    public void done(String id) {
        try {
            parse.delete(ParseAuth.master(), CLASS, id);
        } catch (ParseException.ObjectNotFoundException anotherReplicaFinished) {
            // the same outcome
        }
    }

    private static Pending toPending(ParseObject row) {
        return new Pending(row.objectId(), row.getString(USER_ID), row.getString(EMAIL));
    }
}
