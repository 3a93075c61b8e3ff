package dev.pifleet.sensorlog;

import dev.pifleet.devicestore.DeviceClass;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one owner of the Parse class {@code SensorLog} (schema: parse-server/schema.js): a device's readings, one row
 * each, unique per (device, readingId). Every write and query of the class goes through here, so its wire format
 * (the device pointer, dates, the owner-read ACL, the sensor-name mapping, Parse's duplicate code) lives in one place.
 */
@ApplicationScoped
public class SensorLogStore {

    static final String CLASS = "SensorLog";
    private static final String DEVICE = "device";
    private static final String TIMESTAMP = "timestamp";
    private static final String DATA = "data";
    private static final String READING_ID = "readingId";
    private static final String OBJECT_ID = "objectId";
    private static final String CREATED_AT = "createdAt";

    private final ParseClient parse;

    SensorLogStore(ParseClient parse) {
        this.parse = parse;
    }

    /**
     * The create of one reading, for a {@code /batch}: readable by the device's owner only. {@code readingId} makes
     * a resent reading a duplicate ({@link #isDuplicate}) instead of a second row; only the seed's own route (which
     * the benchmark replays) stores readings without one.
     */
    public static BatchOperation create(String deviceObjectId, String ownerId, String readingId, Instant timestamp,
            Map<String, ?> sensors) {
        Map<String, Object> stored = new LinkedHashMap<>();
        sensors.forEach((name, value) -> stored.put(SensorKeys.toStored(name), value));
        ParseFields fields = ParseFields.create()
                .set(DEVICE, device(deviceObjectId))
                .set(TIMESTAMP, timestamp)
                .setObject(DATA, stored)
                .acl(ParseAcl.ownerReadOnly(ownerId));
        if (readingId != null) {
            fields.set(READING_ID, readingId);
        }
        return BatchOperation.create(CLASS, fields);
    }

    /** True when a create was refused because the device already has a reading with this id. */
    public static boolean isDuplicate(BatchResult result) {
        return result.error() instanceof ParseException.DuplicateValueException;
    }

    /**
     * A device's readings with {@code from <= timestamp < to} (either bound may be null), oldest first by
     * (timestamp, objectId), after {@code after} (null: from the start), at most {@code limit}.
     */
    public List<StoredReading> page(String deviceObjectId, Instant from, Instant to, RowPosition after, int limit) {
        ParseQuery query = ParseQuery.of(CLASS)
                .equalTo(DEVICE, device(deviceObjectId))
                .orderBy(TIMESTAMP, OBJECT_ID)
                .keys(TIMESTAMP, DATA, READING_ID)
                .limit(limit);
        Instant lowerBound = later(from, after == null ? null : after.at());
        if (lowerBound != null) {
            // The outer $gte lets Postgres seek the (device, timestamp, objectId) index instead of scanning from the start.
            query.greaterThanOrEqualTo(TIMESTAMP, lowerBound);
        }
        if (to != null) {
            query.lessThan(TIMESTAMP, to);
        }
        if (after != null) {
            query.or(ParseQuery.of(CLASS).greaterThan(TIMESTAMP, after.at()),
                    ParseQuery.of(CLASS).equalTo(TIMESTAMP, after.at()).greaterThan(OBJECT_ID, after.objectId()));
        }
        return parse.find(ParseAuth.master(), query).stream().map(row -> reading(row, deviceObjectId)).toList();
    }

    /**
     * A device's newest readings with {@code from <= timestamp < to}, newest first by (timestamp, objectId), at most
     * {@code limit}: the (device, timestamp, objectId) index read backwards from {@code to}.
     */
    public List<StoredReading> newest(String deviceObjectId, Instant from, Instant to, int limit) {
        ParseQuery query = ParseQuery.of(CLASS)
                .equalTo(DEVICE, device(deviceObjectId))
                .greaterThanOrEqualTo(TIMESTAMP, from)
                .lessThan(TIMESTAMP, to)
                .orderBy("-" + TIMESTAMP, "-" + OBJECT_ID)
                .keys(TIMESTAMP, DATA, READING_ID)
                .limit(limit);
        return parse.find(ParseAuth.master(), query).stream().map(row -> reading(row, deviceObjectId)).toList();
    }

    /**
     * Readings of every device that Parse stored after {@code after} and no later than {@code upTo}, in the order
     * Parse stored them (createdAt, objectId), at most {@code limit}: what the rollup job has not summarised yet.
     */
    public List<StoredReading> storedAfter(RowPosition after, Instant upTo, int limit) {
        ParseQuery query = ParseQuery.of(CLASS)
                .lessThanOrEqualTo(CREATED_AT, upTo)
                .orderBy(CREATED_AT, OBJECT_ID)
                .keys(DEVICE, TIMESTAMP, DATA, READING_ID)
                .limit(limit);
        if (after != null) {
            query.greaterThanOrEqualTo(CREATED_AT, after.at())
                    .or(ParseQuery.of(CLASS).greaterThan(CREATED_AT, after.at()),
                            ParseQuery.of(CLASS).equalTo(CREATED_AT, after.at()).greaterThan(OBJECT_ID, after.objectId()));
        }
        return parse.find(ParseAuth.master(), query).stream()
                .map(row -> reading(row, row.getPointerId(DEVICE))).toList();
    }

    /** How many readings Parse stored with {@code from < createdAt <= to}: a rollup window's rows. */
    public long countStored(Instant from, Instant to) {
        return parse.count(ParseAuth.master(), ParseQuery.of(CLASS).greaterThan(CREATED_AT, from).lessThanOrEqualTo(CREATED_AT, to));
    }

    /** Readings with {@code from < createdAt <= to}, in stored order, after {@code after} (null: from the start). */
    public List<StoredReading> storedBetween(Instant from, Instant to, RowPosition after, int limit) {
        ParseQuery query = ParseQuery.of(CLASS)
                .greaterThan(CREATED_AT, from)
                .lessThanOrEqualTo(CREATED_AT, to)
                .orderBy(CREATED_AT, OBJECT_ID)
                .keys(DEVICE, TIMESTAMP, DATA, READING_ID)
                .limit(limit);
        if (after != null) {
            query.or(ParseQuery.of(CLASS).greaterThan(CREATED_AT, after.at()),
                    ParseQuery.of(CLASS).equalTo(CREATED_AT, after.at()).greaterThan(OBJECT_ID, after.objectId()));
        }
        return parse.find(ParseAuth.master(), query).stream()
                .map(row -> reading(row, row.getPointerId(DEVICE))).toList();
    }

    /** Deletes up to {@code limit} of the device's readings taken before {@code cutoff}; returns how many. */
    public int deleteTakenBefore(String deviceObjectId, Instant cutoff, int limit) {
        return parse.deleteFound(ParseQuery.of(CLASS)
                .equalTo(DEVICE, device(deviceObjectId))
                .lessThan(TIMESTAMP, cutoff)
                .orderBy(TIMESTAMP, OBJECT_ID)
                .keys(READING_ID)
                .limit(limit));
    }

    /** Deletes every reading of the device, a batch at a time (purge); returns how many this caller deleted. */
    public int deleteAllOf(String deviceObjectId) {
        return parse.deleteAllFound(ParseQuery.of(CLASS)
                .equalTo(DEVICE, device(deviceObjectId))
                .keys(READING_ID)
                .limit(ParseClient.BATCH_LIMIT));
    }

    private static StoredReading reading(ParseObject row, String deviceObjectId) {
        Map<String, Object> sensors = new LinkedHashMap<>();
        row.getObject(DATA).forEach((key, value) -> sensors.put(SensorKeys.fromStored(key), value));
        return new StoredReading(row.objectId(), deviceObjectId, row.getString(READING_ID), row.getDate(TIMESTAMP),
                row.createdAt(), sensors);
    }

    static Pointer device(String deviceObjectId) {
        return DeviceClass.pointer(deviceObjectId);
    }

    private static Instant later(Instant first, Instant second) {
        if (first == null || second == null) {
            return first == null ? second : first;
        }
        return first.isAfter(second) ? first : second;
    }
}
