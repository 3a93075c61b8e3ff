package dev.pifleet.registry.rollout;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one owner of {@code Rollout} and {@code RolloutStep} (master key only). A rollout's automatic steps (start wave
 * k, pause at a failure count, complete, cancel) are read-decide-write: each is arbitrated by creating a
 * {@code RolloutStep} row with a unique key, never a Parse transaction, so of any number of concurrent callers on any
 * number of replicas exactly one does the step.
 */
@ApplicationScoped
public class RolloutStore {

    static final String CLASS = "Rollout";
    static final String STEP_CLASS = "RolloutStep";
    private static final String OWNER = "owner";
    private static final String VERSION = "version";
    private static final String URL = "url";
    private static final String SHA256 = "sha256";
    private static final String SIZE = "size";
    private static final String SIGNATURE = "signature";
    private static final String ALLOW_DOWNGRADE = "allowDowngrade";
    private static final String WAVES = "waves";
    private static final String MAX_FAILURES = "maxFailures";
    private static final String STATE = "state";
    private static final String WAVE = "wave";
    private static final String REASON = "reason";
    private static final String ACCEPTED_FAILURES = "acceptedFailures";
    private static final String DEVICES = "devices";
    private static final String KEY = "key";
    private static final String AT = "at";
    private static final int RUNNING_PER_SWEEP = 100;

    private final ParseClient parse;

    RolloutStore(ParseClient parse) {
        this.parse = parse;
    }

    /** Stores a new rollout (wave -1: nothing offered yet); returns it with its id. */
    public StoredRollout create(StoredRollout rollout) {
        Map<String, Object> devices = new LinkedHashMap<>();
        rollout.devices().forEach((objectId, target) -> devices.put(objectId,
                Map.of("deviceId", target.deviceId(), "wave", target.wave())));
        ParseObject created = parse.create(ParseAuth.master(), CLASS, ParseFields.create()
                .set(OWNER, Pointer.user(rollout.ownerId()))
                .set(VERSION, rollout.version())
                .set(URL, rollout.url())
                .set(SHA256, rollout.sha256())
                .set(SIZE, rollout.size())
                .set(SIGNATURE, rollout.signature())
                .set(ALLOW_DOWNGRADE, rollout.allowDowngrade())
                .set(WAVES, rollout.waves().stream().map(String::valueOf).toList())
                .set(MAX_FAILURES, rollout.maxFailures())
                .set(STATE, rollout.state().wireName())
                .set(WAVE, rollout.wave())
                .set(ACCEPTED_FAILURES, 0)
                .setObject(DEVICES, devices)
                .acl(ParseAcl.masterOnly()));
        return get(created.objectId()).orElseThrow();
    }

    public Optional<StoredRollout> get(String id) {
        try {
            return Optional.of(toRollout(parse.get(ParseAuth.master(), CLASS, id)));
        } catch (ParseException.ObjectNotFoundException absent) {
            return Optional.empty();
        }
    }

    public List<StoredRollout> listOwned(String ownerId, int limit) {
        return parse.find(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(OWNER, Pointer.user(ownerId))
                .orderBy("-createdAt").limit(limit)).stream().map(RolloutStore::toRollout).toList();
    }

    /** Running rollouts, oldest first: what the sweep advances. */
    public List<StoredRollout> running() {
        return parse.find(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(STATE, RolloutState.RUNNING.wireName())
                .orderBy("createdAt").limit(RUNNING_PER_SWEEP)).stream().map(RolloutStore::toRollout).toList();
    }

    /** True for the one caller whose create of this step's key succeeded. */
    public boolean firstToTake(String rolloutId, String step, Instant at) {
        try {
            parse.create(ParseAuth.master(), STEP_CLASS, ParseFields.create().set(KEY, rolloutId + "|" + step)
                    .set(AT, at).acl(ParseAcl.masterOnly()));
            return true;
        } catch (ParseException.DuplicateValueException taken) {
            return false;
        }
    }

    void setWave(String id, int wave) {
        parse.update(ParseAuth.master(), CLASS, id, ParseFields.create().set(WAVE, wave));
    }

    void setState(String id, RolloutState state, String reason) {
        ParseFields fields = ParseFields.create().set(STATE, state.wireName());
        if (reason == null) {
            fields.unset(REASON);
        } else {
            fields.set(REASON, reason);
        }
        parse.update(ParseAuth.master(), CLASS, id, fields);
    }

    void resume(String id, int acceptedFailures) {
        parse.update(ParseAuth.master(), CLASS, id, ParseFields.create().set(STATE, RolloutState.RUNNING.wireName())
                .unset(REASON).set(ACCEPTED_FAILURES, acceptedFailures));
    }

    private static StoredRollout toRollout(ParseObject row) {
        Map<String, StoredRollout.Target> devices = new LinkedHashMap<>();
        JsonNode stored = row.get(DEVICES);
        if (stored != null) {
            stored.properties().forEach(entry -> devices.put(entry.getKey(), new StoredRollout.Target(
                    entry.getValue().path("deviceId").asText(), entry.getValue().path("wave").asInt())));
        }
        List<Integer> waves = new ArrayList<>();
        row.getStrings(WAVES).forEach(percent -> waves.add(Integer.parseInt(percent)));
        return new StoredRollout(row.objectId(), row.getPointerId(OWNER), row.getString(VERSION), row.getString(URL),
                row.getString(SHA256), row.getLong(SIZE), row.getString(SIGNATURE),
                row.get(ALLOW_DOWNGRADE) != null && row.get(ALLOW_DOWNGRADE).asBoolean(), List.copyOf(waves),
                row.getLong(MAX_FAILURES).intValue(), RolloutState.of(row.getString(STATE)), row.getLong(WAVE).intValue(),
                row.getString(REASON), row.getLong(ACCEPTED_FAILURES).intValue(), devices, row.createdAt());
    }

    /** Deletes up to {@code limit} of the account's rollouts with their steps (account deletion); answers how many. */
    public int deleteSomeOwnedBy(String ownerId, int limit) {
        List<ParseObject> rows = parse.find(ParseAuth.master(), ParseQuery.of(CLASS)
                .equalTo(OWNER, Pointer.user(ownerId)).keys(OWNER).limit(limit));
        for (ParseObject row : rows) {
            // A step's key is "<rolloutId>|<step>": the range ["<id>|", "<id>}") holds exactly this rollout's steps.
            List<BatchOperation> steps = parse.find(ParseAuth.master(), ParseQuery.of(STEP_CLASS)
                            .greaterThan(KEY, row.objectId() + "|").lessThan(KEY, row.objectId() + "}").keys(KEY).limit(1000))
                    .stream().map(step -> BatchOperation.delete(STEP_CLASS, step.objectId())).toList();
            if (!steps.isEmpty()) {
                parse.batch(ParseAuth.master(), steps);
            }
            parse.delete(ParseAuth.master(), CLASS, row.objectId());
        }
        return rows.size();
    }
}
