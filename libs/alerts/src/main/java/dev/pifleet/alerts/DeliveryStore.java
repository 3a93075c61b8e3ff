package dev.pifleet.alerts;

import dev.pifleet.parse.BatchOperation;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code AlertDelivery} and {@code AlertAttempt} rows (master key only). A delivery's {@code key}
 * (episode, event, reminder number, channel) is unique: of several replicas that see the same transition, one
 * creates each delivery, so each channel hears of it once. An attempt's {@code key} (delivery, attempt number) is
 * unique too: of several delivery workers, the one that creates attempt n is the one that sends it.
 */
@ApplicationScoped
public class DeliveryStore {

    public static final String CLASS = "AlertDelivery";
    public static final String ATTEMPT_CLASS = "AlertAttempt";
    static final String KEY = "key";
    static final String EPISODE = "episode";
    static final String RULE = "rule";
    static final String OWNER = "owner";
    static final String EVENT = "event";
    static final String REMINDER = "reminder";
    static final String CHANNEL = "channel";
    static final String STATUS = "status";
    static final String ATTEMPTS = "attempts";
    static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    static final String LAST_ERROR = "lastError";
    static final String SENT_AT = "sentAt";
    static final String DELIVERY = "delivery";
    static final String STARTED_AT = "startedAt";
    private static final int MAX_ERROR_LENGTH = 300;

    private final ParseClient parse;

    DeliveryStore(ParseClient parse) {
        this.parse = parse;
    }

    /** One create per channel the rule notifies; duplicates of an earlier create fail on the unique key. */
    List<BatchOperation> createOperations(AlertRule rule, String episode, String event, long reminder, Instant at) {
        List<BatchOperation> creates = new ArrayList<>(2);
        if (rule.email()) {
            creates.add(create(rule, episode, event, reminder, Delivery.EMAIL, at));
        }
        if (rule.webhookUrl() != null) {
            creates.add(create(rule, episode, event, reminder, Delivery.WEBHOOK, at));
        }
        return creates;
    }

    private static BatchOperation create(AlertRule rule, String episode, String event, long reminder, String channel,
            Instant at) {
        String key = episode + ":" + event + (reminder > 0 ? ":" + reminder : "") + ":" + channel;
        return BatchOperation.create(CLASS, ParseFields.create()
                .set(KEY, key)
                .set(EPISODE, episode)
                .set(RULE, new Pointer(AlertRuleStore.CLASS, rule.objectId()))
                .set(OWNER, Pointer.user(rule.ownerId()))
                .set(EVENT, event)
                .set(REMINDER, reminder)
                .set(CHANNEL, channel)
                .set(STATUS, Delivery.PENDING)
                .set(ATTEMPTS, 0)
                .set(NEXT_ATTEMPT_AT, at)
                .acl(ParseAcl.masterOnly()));
    }

    /** Pending deliveries due by {@code now}, oldest first. */
    public List<Delivery> due(Instant now, int limit) {
        return parse.find(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(STATUS, Delivery.PENDING)
                        .lessThanOrEqualTo(NEXT_ATTEMPT_AT, now).orderBy(NEXT_ATTEMPT_AT).limit(limit))
                .stream().map(DeliveryStore::toDelivery).toList();
    }

    /** The delivery log of one alert, oldest first. */
    public List<Delivery> forEpisode(String episode) {
        return parse.find(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(EPISODE, episode).orderBy("createdAt")
                .limit(AlertRuleStore.PAGE)).stream().map(DeliveryStore::toDelivery).toList();
    }

    /** True when this worker won attempt {@code attempt} of the delivery and must send it. */
    public boolean claim(String deliveryId, int attempt, Instant at) {
        try {
            parse.create(ParseAuth.master(), ATTEMPT_CLASS, ParseFields.create()
                    .set(KEY, deliveryId + ":" + attempt)
                    .set(DELIVERY, new Pointer(CLASS, deliveryId))
                    .set(STARTED_AT, at)
                    .acl(ParseAcl.masterOnly()));
            return true;
        } catch (ParseException.DuplicateValueException taken) {
            return false;
        }
    }

    /** When attempt {@code attempt} of the delivery was claimed, if it was. */
    public Optional<Instant> attemptStartedAt(String deliveryId, int attempt) {
        return parse.first(ParseAuth.master(), ParseQuery.of(ATTEMPT_CLASS).equalTo(KEY, deliveryId + ":" + attempt))
                .map(row -> row.getDate(STARTED_AT));
    }

    public void sent(String deliveryId, int attempt, Instant at) {
        parse.update(ParseAuth.master(), CLASS, deliveryId, ParseFields.create()
                .set(STATUS, Delivery.SENT).set(ATTEMPTS, attempt).set(SENT_AT, at).unset(LAST_ERROR));
    }

    public void retryAt(String deliveryId, int attempt, Instant next, String error) {
        parse.update(ParseAuth.master(), CLASS, deliveryId, ParseFields.create()
                .set(ATTEMPTS, attempt).set(NEXT_ATTEMPT_AT, next).set(LAST_ERROR, shorten(error)));
    }

    public void finish(String deliveryId, String status, int attempts, String error) {
        parse.update(ParseAuth.master(), CLASS, deliveryId, ParseFields.create()
                .set(STATUS, status).set(ATTEMPTS, attempts).set(LAST_ERROR, shorten(error)));
    }

    private static String shorten(String error) {
        return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }

    static Delivery toDelivery(ParseObject row) {
        return new Delivery(row.objectId(), row.getString(EPISODE), row.getPointerId(RULE), row.getPointerId(OWNER),
                row.getString(EVENT), row.has(REMINDER) ? row.get(REMINDER).asInt() : 0, row.getString(CHANNEL),
                row.getString(STATUS), row.has(ATTEMPTS) ? row.get(ATTEMPTS).asInt() : 0,
                row.getDate(NEXT_ATTEMPT_AT), row.getString(LAST_ERROR), row.getDate(SENT_AT), row.createdAt());
    }

    /** Deletes up to {@code limit} of the account's deliveries with their attempts (account deletion); how many. */
    public int deleteSomeOwnedBy(String ownerId, int limit) {
        List<ParseObject> rows = parse.find(ParseAuth.master(), ParseQuery.of(CLASS)
                .equalTo(OWNER, Pointer.user(ownerId)).keys(OWNER).limit(limit));
        List<BatchOperation> deletes = new ArrayList<>();
        for (ParseObject row : rows) {
            parse.find(ParseAuth.master(), ParseQuery.of(ATTEMPT_CLASS)
                            .equalTo(DELIVERY, new Pointer(CLASS, row.objectId())).keys(DELIVERY).limit(1000))
                    .forEach(attempt -> deletes.add(BatchOperation.delete(ATTEMPT_CLASS, attempt.objectId())));
            deletes.add(BatchOperation.delete(CLASS, row.objectId()));
        }
        if (!deletes.isEmpty()) {
            parse.batch(ParseAuth.master(), deletes);
        }
        return rows.size();
    }
}
