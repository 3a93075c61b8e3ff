package dev.pifleet.sensorlog;

import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.BatchResult;
import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one owner of the Parse class {@code SensorRollup}: per device and UTC hour and day, the count, sum, min and max
 * of each sensor's numeric values; an hour's row also holds each of its minutes, so that a sparse device costs one
 * row an hour, not one a minute. Rows are unique by {@code key} (device/resolution/bucket) and readable by the master
 * key only; owners see them through the ingest's series endpoint.
 */
@ApplicationScoped
public class RollupStore {

    static final String CLASS = "SensorRollup";
    private static final String KEY = "key";
    private static final String DEVICE = "device";
    private static final String RESOLUTION = "resolution";
    private static final String BUCKET = "bucket";
    private static final String SENSORS = "sensors";
    private static final String MINUTES = "minutes";
    private static final String SEQ = "seq";
    private static final String COUNT = "n";
    private static final String SUM = "sum";
    private static final String MIN = "min";
    private static final String MAX = "max";

    /** Keys per query and writes per batch. */
    private static final int GROUP = 200;

    private final ParseClient parse;

    RollupStore(ParseClient parse) {
        this.parse = parse;
    }

    /** The stored rows among {@code keys}, by key text; asked for in groups that fit under Parse's maxLimit. */
    public Map<String, Rollup> find(Collection<RollupKey> keys) {
        Map<String, Rollup> found = new LinkedHashMap<>();
        List<String> texts = keys.stream().map(RollupKey::text).toList();
        for (int from = 0; from < texts.size(); from += GROUP) {
            List<String> group = texts.subList(from, Math.min(texts.size(), from + GROUP));
            parse.find(ParseAuth.master(), ParseQuery.of(CLASS).containedIn(KEY, group).limit(group.size()))
                    .forEach(row -> found.put(row.getString(KEY), rollup(row)));
        }
        return found;
    }

    /**
     * The device's summaries of one resolution with {@code from <= bucket < to}, oldest first; minutes come from
     * their hours' rows. {@code pageSize} rows per query (Parse's maxLimit caps a query).
     */
    public List<Rollup> range(String deviceObjectId, Resolution resolution, Instant from, Instant to, int pageSize) {
        if (resolution != Resolution.MINUTE) {
            return rows(deviceObjectId, resolution, from, to, pageSize, false);
        }
        List<Rollup> minutes = new ArrayList<>();
        for (Rollup hour : rows(deviceObjectId, Resolution.HOUR, Resolution.HOUR.bucketOf(from), to, pageSize, true)) {
            hour.minutes().forEach((minute, sensors) -> {
                Instant bucket = hour.key().bucket().plusSeconds(minute * Resolution.MINUTE.seconds());
                if (!bucket.isBefore(from) && bucket.isBefore(to)) {
                    minutes.add(new Rollup(hour.objectId(), new RollupKey(deviceObjectId, Resolution.MINUTE, bucket), sensors,
                            Map.of(), hour.seq()));
                }
            });
        }
        minutes.sort(Comparator.comparing(minute -> minute.key().bucket()));
        return minutes;
    }

    /** Hour rows carry up to 60 minutes each: they are read only when the minutes are wanted. */
    private List<Rollup> rows(String deviceObjectId, Resolution resolution, Instant from, Instant to, int pageSize,
            boolean withMinutes) {
        List<Rollup> rows = new ArrayList<>();
        Instant next = from;
        while (next.isBefore(to)) {
            List<ParseObject> page = parse.find(ParseAuth.master(), ParseQuery.of(CLASS)
                    .equalTo(DEVICE, SensorLogStore.device(deviceObjectId))
                    .equalTo(RESOLUTION, resolution.code())
                    .greaterThanOrEqualTo(BUCKET, next)
                    .lessThan(BUCKET, to)
                    .orderBy(BUCKET)
                    .keys(withMinutes ? new String[] {KEY, SENSORS, MINUTES, SEQ} : new String[] {KEY, SENSORS, SEQ})
                    .limit(pageSize));
            page.forEach(row -> rows.add(rollup(row)));
            if (page.size() < pageSize) {
                break;
            }
            next = rows.getLast().key().bucket().plusSeconds(resolution.seconds());
        }
        return rows;
    }

    /**
     * Writes the rows in {@code /batch}es: an update where {@code existing} has an objectId, else a create (which
     * the unique key refuses if another writer created the row meanwhile). Throws the first per-item error.
     */
    public void save(List<Rollup> rollups) {
        if (rollups.isEmpty()) {
            return;
        }
        List<BatchOperation> writes = rollups.stream().map(RollupStore::write).toList();
        for (int from = 0; from < writes.size(); from += GROUP) {
            for (BatchResult result : parse.batch(ParseAuth.master(), writes.subList(from, Math.min(writes.size(), from + GROUP)))) {
                if (!result.succeeded()) {
                    throw result.error();
                }
            }
        }
    }

    /** Deletes up to {@code limit} of the device's rows (hours with their minutes, days) older than {@code cutoff}. */
    public int deleteBefore(String deviceObjectId, Instant cutoff, int limit) {
        return parse.deleteFound(ParseQuery.of(CLASS)
                .equalTo(DEVICE, SensorLogStore.device(deviceObjectId))
                .lessThan(BUCKET, cutoff)
                .keys(KEY)
                .limit(limit));
    }

    /** Deletes every row of the device, a batch at a time (purge); returns how many this caller deleted. */
    public int deleteAllOf(String deviceObjectId) {
        return parse.deleteAllFound(ParseQuery.of(CLASS).equalTo(DEVICE, SensorLogStore.device(deviceObjectId)).keys(KEY)
                .limit(ParseClient.BATCH_LIMIT));
    }

    private static BatchOperation write(Rollup rollup) {
        Map<String, Object> minutes = new LinkedHashMap<>();
        rollup.minutes().forEach((minute, sensors) -> minutes.put(String.valueOf(minute), stored(sensors)));
        ParseFields fields = ParseFields.create().setObject(SENSORS, stored(rollup.sensors())).set(SEQ, rollup.seq());
        if (!minutes.isEmpty()) {
            fields.setObject(MINUTES, minutes);
        }
        if (rollup.objectId() != null) {
            return BatchOperation.update(CLASS, rollup.objectId(), fields);
        }
        RollupKey key = rollup.key();
        return BatchOperation.create(CLASS, fields
                .set(KEY, key.text())
                .set(DEVICE, SensorLogStore.device(key.deviceObjectId()))
                .set(RESOLUTION, key.resolution().code())
                .set(BUCKET, key.bucket())
                .acl(ParseAcl.masterOnly()));
    }

    private static Map<String, Object> stored(Map<String, Stats> sensors) {
        Map<String, Object> stored = new LinkedHashMap<>();
        sensors.forEach((name, stats) -> stored.put(SensorKeys.toStored(name),
                Map.of(COUNT, stats.count(), SUM, stats.sum(), MIN, stats.min(), MAX, stats.max())));
        return stored;
    }

    private static Rollup rollup(ParseObject row) {
        String[] key = row.getString(KEY).split("/");
        RollupKey rollupKey = new RollupKey(key[0], Resolution.ofCode(key[1]), Instant.ofEpochSecond(Long.parseLong(key[2])));
        Map<Integer, Map<String, Stats>> minutes = new LinkedHashMap<>();
        row.getObject(MINUTES).forEach((minute, sensors) -> minutes.put(Integer.valueOf(minute), sensors((Map<?, ?>) sensors)));
        return new Rollup(row.objectId(), rollupKey, sensors(row.getObject(SENSORS)), minutes, row.get(SEQ).asLong());
    }

    private static Map<String, Stats> sensors(Map<?, ?> stored) {
        Map<String, Stats> sensors = new LinkedHashMap<>();
        stored.forEach((name, value) -> {
            Map<?, ?> stats = (Map<?, ?>) value;
            sensors.put(SensorKeys.fromStored((String) name), new Stats(number(stats.get(COUNT)).longValue(),
                    number(stats.get(SUM)).doubleValue(), number(stats.get(MIN)).doubleValue(),
                    number(stats.get(MAX)).doubleValue()));
        });
        return sensors;
    }

    private static Number number(Object value) {
        return (Number) value;
    }
}
