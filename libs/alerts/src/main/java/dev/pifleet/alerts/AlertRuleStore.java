package dev.pifleet.alerts;

import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import jakarta.enterprise.context.ApplicationScoped;
import dev.pifleet.parse.BatchOperation;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@code AlertRule} rows (master key only: they hold the webhook secret). */
@ApplicationScoped
public class AlertRuleStore {

    public static final String CLASS = "AlertRule";
    static final String OWNER = "owner";
    static final String DEVICE = "device";
    static final String DEVICE_ID = "deviceId";
    static final String KIND = "kind";
    static final String SENSOR = "sensor";
    static final String THRESHOLD = "threshold";
    static final String DEADBAND = "deadband";
    static final String FOR_SECONDS = "forSeconds";
    static final String EMAIL = "email";
    static final String WEBHOOK_URL = "webhookUrl";
    static final String WEBHOOK_SECRET = "webhookSecret";
    static final String REPEAT_MINUTES = "repeatMinutes";
    /** Set at creation and on deletion: the ingest replicas load only the rules changed since their last pass. */
    static final String CHANGED_AT = "changedAt";
    /** A deleted rule is a tombstone for a while (invisible to every reader here) so that those passes see it go. */
    static final String DELETED_AT = "deletedAt";
    /** Parse's largest page; more rules than this per owner are refused at creation. */
    public static final int PAGE = ParseQuery.MAX_LIMIT;
    private static final List<String> THRESHOLD_KINDS = List.of(AlertKind.ABOVE.wire(), AlertKind.BELOW.wire());

    private final ParseClient parse;

    AlertRuleStore(ParseClient parse) {
        this.parse = parse;
    }

    public AlertRule create(AlertRule rule) {
        ParseFields fields = ParseFields.create()
                .set(OWNER, Pointer.user(rule.ownerId()))
                .set(DEVICE, DeviceClass.pointer(rule.deviceObjectId()))
                .set(DEVICE_ID, rule.deviceId())
                .set(KIND, rule.kind().wire())
                .set(FOR_SECONDS, rule.forSeconds())
                .set(EMAIL, rule.email())
                .set(REPEAT_MINUTES, rule.repeatMinutes())
                .set(CHANGED_AT, java.time.Instant.now())
                .acl(ParseAcl.masterOnly());
        if (rule.sensor() != null) {
            fields.set(SENSOR, rule.sensor()).set(THRESHOLD, rule.threshold()).set(DEADBAND, rule.deadband());
        }
        if (rule.webhookUrl() != null) {
            fields.set(WEBHOOK_URL, rule.webhookUrl()).set(WEBHOOK_SECRET, rule.webhookSecret());
        }
        ParseObject created = parse.create(ParseAuth.master(), CLASS, fields);
        return new AlertRule(created.objectId(), rule.ownerId(), rule.deviceObjectId(), rule.deviceId(), rule.kind(),
                rule.sensor(), rule.threshold(), rule.deadband(), rule.forSeconds(), rule.email(), rule.webhookUrl(),
                rule.webhookSecret(), rule.repeatMinutes(), created.createdAt());
    }

    public List<AlertRule> owned(String ownerId) {
        return parse.find(ParseAuth.master(), live().equalTo(OWNER, Pointer.user(ownerId))
                .orderBy("-createdAt").limit(PAGE)).stream().map(AlertRuleStore::toRule).toList();
    }

    public long countOwned(String ownerId) {
        return parse.count(ParseAuth.master(), live().equalTo(OWNER, Pointer.user(ownerId)));
    }

    public Optional<AlertRule> ownedRule(String ownerId, String ruleId) {
        return parse.first(ParseAuth.master(), live().equalTo("objectId", ruleId)
                .equalTo(OWNER, Pointer.user(ownerId))).map(AlertRuleStore::toRule);
    }

    public Optional<AlertRule> find(String ruleId) {
        return parse.first(ParseAuth.master(), live().equalTo("objectId", ruleId))
                .map(AlertRuleStore::toRule);
    }

    public List<AlertRule> byIds(Collection<String> ruleIds) {
        if (ruleIds.isEmpty()) {
            return List.of();
        }
        return parse.find(ParseAuth.master(), live().containedIn("objectId", ruleIds).limit(ruleIds.size()))
                .stream().map(AlertRuleStore::toRule).toList();
    }

    /** Threshold rules after {@code afterObjectId} (null: from the start), by objectId: the ingest's reload pages. */
    public List<AlertRule> thresholdRules(String afterObjectId, int limit) {
        return page(live().containedIn(KIND, THRESHOLD_KINDS), afterObjectId, limit);
    }

    /** Offline rules after {@code afterObjectId} (null: from the start), by objectId, one page. */
    public List<AlertRule> offlineRules(String afterObjectId, int limit) {
        return page(live().equalTo(KIND, AlertKind.OFFLINE.wire()), afterObjectId, limit);
    }

    private List<AlertRule> page(ParseQuery query, String afterObjectId, int limit) {
        query.orderBy("objectId").limit(limit);
        if (afterObjectId != null) {
            query.greaterThan("objectId", afterObjectId);
        }
        return parse.find(ParseAuth.master(), query).stream().map(AlertRuleStore::toRule).toList();
    }

    /**
     * Threshold rules created or deleted after {@code since}, oldest change first: a deleted one as a
     * {@link RuleChange} without its rule. The ingest's incremental pass.
     */
    public List<RuleChange> thresholdRulesChangedSince(Instant since, int limit) {
        return parse.find(ParseAuth.master(), ParseQuery.of(CLASS).containedIn(KIND, THRESHOLD_KINDS)
                        .greaterThan(CHANGED_AT, since).orderBy(CHANGED_AT).limit(limit)).stream()
                .map(row -> new RuleChange(row.objectId(), row.has(DELETED_AT) ? null : toRule(row)))
                .toList();
    }

    /** A rule created ({@code rule} set) or deleted ({@code rule} null). */
    public record RuleChange(String ruleId, AlertRule rule) {
    }

    /** Deletes the rule for every reader at once; its row stays as a tombstone until {@link #purgeDeleted}. */
    public void delete(String ruleId) {
        Instant now = Instant.now();
        parse.update(ParseAuth.master(), CLASS, ruleId, ParseFields.create().set(DELETED_AT, now).set(CHANGED_AT, now));
    }

    /** Removes up to {@code limit} tombstones of rules deleted before {@code before}; answers how many. */
    public int purgeDeleted(Instant before, int limit) {
        List<ParseObject> gone = parse.find(ParseAuth.master(), ParseQuery.of(CLASS).lessThan(DELETED_AT, before)
                .keys(DELETED_AT).limit(limit));
        if (!gone.isEmpty()) {
            parse.batch(ParseAuth.master(), gone.stream().map(row -> BatchOperation.delete(CLASS, row.objectId())).toList());
        }
        return gone.size();
    }

    /** The rules that exist: every reader sees a deleted rule as gone. */
    private static ParseQuery live() {
        return ParseQuery.of(CLASS).doesNotExist(DELETED_AT);
    }

    static AlertRule toRule(ParseObject row) {
        return new AlertRule(row.objectId(), row.getPointerId(OWNER), row.getPointerId(DEVICE), row.getString(DEVICE_ID),
                AlertKind.fromWire(row.getString(KIND)).orElseThrow(), row.getString(SENSOR), number(row, THRESHOLD),
                number(row, DEADBAND), row.has(FOR_SECONDS) ? row.get(FOR_SECONDS).asLong() : 0,
                row.has(EMAIL) && row.get(EMAIL).asBoolean(), row.getString(WEBHOOK_URL), row.getString(WEBHOOK_SECRET),
                row.has(REPEAT_MINUTES) ? row.get(REPEAT_MINUTES).asInt() : 0, row.createdAt());
    }

    private static Double number(ParseObject row, String field) {
        return row.has(field) ? row.get(field).asDouble() : null;
    }

    /**
     * Deletes every rule of the account, tombstones included (account deletion); answers how many this caller
     * deleted. No tombstone is needed: the account's devices are purged first, so no reading or silence of theirs
     * can meet a rule an ingest replica still holds in memory.
     */
    public int deleteAllOwnedBy(String ownerId) {
        return parse.deleteAllFound(ParseQuery.of(CLASS).equalTo(OWNER, Pointer.user(ownerId)).keys(OWNER)
                .limit(ParseClient.BATCH_LIMIT));
    }
}
