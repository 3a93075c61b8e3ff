package dev.pifleet.alerts;

import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Alert} rows (master key only; users read them through the alerting API). {@code openKey} holds the rule's
 * id while the alert is open and is unset when it resolves: its unique index lets one open alert per rule exist, so
 * of several replicas that see the same breach exactly one creates the alert.
 */
@ApplicationScoped
public class AlertStore {

    public static final String CLASS = "Alert";
    static final String RULE = "rule";
    static final String OWNER = "owner";
    static final String DEVICE = "device";
    static final String DEVICE_ID = "deviceId";
    static final String KIND = "kind";
    static final String SENSOR = "sensor";
    static final String THRESHOLD = "threshold";
    static final String STATE = "state";
    static final String OPENED_AT = "openedAt";
    static final String RESOLVED_AT = "resolvedAt";
    static final String VALUE = "value";
    static final String RESOLVED_VALUE = "resolvedValue";
    static final String OPEN_KEY = "openKey";
    static final String EPISODE = "episode";
    /** Set on every write of the row: the ingest replicas reload only the alerts that changed since their last pass. */
    static final String CHANGED_AT = "changedAt";
    private static final String OBJECT_ID = "objectId";

    private final ParseClient parse;

    AlertStore(ParseClient parse) {
        this.parse = parse;
    }

    BatchOperation openOperation(AlertRule rule, String episode, double value, Instant at) {
        ParseFields fields = ParseFields.create()
                .set(RULE, new Pointer(AlertRuleStore.CLASS, rule.objectId()))
                .set(OWNER, Pointer.user(rule.ownerId()))
                .set(DEVICE, DeviceClass.pointer(rule.deviceObjectId()))
                .set(DEVICE_ID, rule.deviceId())
                .set(KIND, rule.kind().wire())
                .set(STATE, Alert.OPEN)
                .set(OPENED_AT, at)
                .set(VALUE, value)
                .set(OPEN_KEY, rule.objectId())
                .set(EPISODE, episode)
                .set(CHANGED_AT, Instant.now())
                .acl(ParseAcl.masterOnly());
        if (rule.sensor() != null) {
            fields.set(SENSOR, rule.sensor()).set(THRESHOLD, rule.threshold());
        }
        return BatchOperation.create(CLASS, fields);
    }

    BatchOperation resolveOperation(String alertId, Double value, Instant at) {
        ParseFields fields = ParseFields.create().set(STATE, Alert.RESOLVED).set(RESOLVED_AT, at).unset(OPEN_KEY)
                .set(CHANGED_AT, Instant.now());
        if (value != null) {
            fields.set(RESOLVED_VALUE, value);
        }
        return BatchOperation.update(CLASS, alertId, fields);
    }

    public Optional<Alert> openFor(String ruleId) {
        return parse.first(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(OPEN_KEY, ruleId)).map(AlertStore::toAlert);
    }

    /** The open alerts of these rules, by rule id. */
    public Map<String, Alert> openByRule(Collection<String> ruleIds) {
        Map<String, Alert> open = new HashMap<>();
        if (!ruleIds.isEmpty()) {
            parse.find(ParseAuth.master(), ParseQuery.of(CLASS).containedIn(OPEN_KEY, ruleIds).limit(ruleIds.size()))
                    .forEach(row -> open.put(row.getString(OPEN_KEY), toAlert(row)));
        }
        return open;
    }

    public Optional<Alert> byEpisode(String episode) {
        return parse.first(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(EPISODE, episode)).map(AlertStore::toAlert);
    }

    public Optional<Alert> owned(String ownerId, String alertId) {
        return parse.first(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(OBJECT_ID, alertId)
                .equalTo(OWNER, Pointer.user(ownerId))).map(AlertStore::toAlert);
    }

    /**
     * One page of an owner's alerts, newest first by (openedAt, objectId), strictly after the cursor position;
     * asks for one row more than {@code limit} so the caller can tell whether another page follows.
     */
    public List<Alert> page(String ownerId, String deviceObjectId, String state, Instant beforeOpenedAt,
            String beforeObjectId, int limit) {
        ParseQuery query = ParseQuery.of(CLASS).equalTo(OWNER, Pointer.user(ownerId))
                .orderBy("-" + OPENED_AT, "-" + OBJECT_ID).limit(limit + 1);
        if (deviceObjectId != null) {
            query.equalTo(DEVICE, DeviceClass.pointer(deviceObjectId));
        }
        if (state != null) {
            query.equalTo(STATE, state);
        }
        if (beforeOpenedAt != null) {
            query.lessThanOrEqualTo(OPENED_AT, beforeOpenedAt);
            query.or(ParseQuery.of(CLASS).lessThan(OPENED_AT, beforeOpenedAt),
                    ParseQuery.of(CLASS).equalTo(OPENED_AT, beforeOpenedAt).lessThan(OBJECT_ID, beforeObjectId));
        }
        return parse.find(ParseAuth.master(), query).stream().map(AlertStore::toAlert).toList();
    }

    public long countOpen(String ownerId) {
        return parse.count(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(OWNER, Pointer.user(ownerId))
                .equalTo(STATE, Alert.OPEN));
    }

    /** A page of open alerts' rule ids, by objectId: (objectId, ruleId) pairs after {@code afterObjectId}. */
    public List<Map.Entry<String, String>> openRuleIdPage(String afterObjectId, int limit) {
        ParseQuery query = ParseQuery.of(CLASS).exists(OPEN_KEY).keys(OPEN_KEY).orderBy(OBJECT_ID).limit(limit);
        if (afterObjectId != null) {
            query.greaterThan(OBJECT_ID, afterObjectId);
        }
        return parse.find(ParseAuth.master(), query).stream()
                .map(row -> Map.entry(row.objectId(), row.getString(OPEN_KEY))).toList();
    }

    /** Alerts opened or closed after {@code since}, oldest first: (ruleId, open now) for the ingest's incremental pass. */
    public List<Map.Entry<String, Boolean>> ruleStatesChangedSince(Instant since, int limit) {
        return parse.find(ParseAuth.master(), ParseQuery.of(CLASS).greaterThan(CHANGED_AT, since)
                        .keys(RULE, OPEN_KEY, CHANGED_AT).orderBy(CHANGED_AT).limit(limit)).stream()
                .map(row -> Map.entry(row.getPointerId(RULE), row.has(OPEN_KEY))).toList();
    }

    /** Open alerts after {@code afterObjectId} (null: from the start), by objectId: the reminder sweep's pages. */
    public List<Alert> openAlerts(String afterObjectId, int limit) {
        ParseQuery query = ParseQuery.of(CLASS).exists(OPEN_KEY).orderBy(OBJECT_ID).limit(limit);
        if (afterObjectId != null) {
            query.greaterThan(OBJECT_ID, afterObjectId);
        }
        return parse.find(ParseAuth.master(), query).stream().map(AlertStore::toAlert).toList();
    }

    /** A deleted rule's open alert closes without notifications: nobody asked to hear about it any more. */
    public void closeSilently(String ruleId, Instant at) {
        openFor(ruleId).ifPresent(alert ->
                parse.update(ParseAuth.master(), CLASS, alert.objectId(),
                        ParseFields.create().set(STATE, Alert.RESOLVED).set(RESOLVED_AT, at).unset(OPEN_KEY)
                                .set(CHANGED_AT, Instant.now())));
    }

    static Alert toAlert(ParseObject row) {
        return new Alert(row.objectId(), row.getPointerId(RULE), row.getPointerId(OWNER), row.getPointerId(DEVICE),
                row.getString(DEVICE_ID), AlertKind.fromWire(row.getString(KIND)).orElseThrow(), row.getString(SENSOR),
                number(row, THRESHOLD), row.getString(STATE), row.getDate(OPENED_AT), row.getDate(RESOLVED_AT),
                number(row, VALUE), number(row, RESOLVED_VALUE), row.getString(EPISODE));
    }

    private static Double number(ParseObject row, String field) {
        return row.has(field) ? row.get(field).asDouble() : null;
    }

    /** Deletes every alert of the account (account deletion); answers how many this caller deleted. */
    public int deleteAllOwnedBy(String ownerId) {
        return parse.deleteAllFound(ParseQuery.of(CLASS).equalTo(OWNER, Pointer.user(ownerId)).keys(OWNER)
                .limit(ParseClient.BATCH_LIMIT));
    }
}
