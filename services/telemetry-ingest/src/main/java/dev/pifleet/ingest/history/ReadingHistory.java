package dev.pifleet.ingest.history;

import dev.pifleet.device.DeviceClass;
import dev.pifleet.device.SensorLogClass;
import dev.pifleet.ingest.IngestConfig;
import dev.pifleet.ingest.IsoTimestamps;
import dev.pifleet.ingest.SensorNames;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An owner's readings of one device, paged by (timestamp, objectId). */
@ApplicationScoped
public class ReadingHistory {

    private static final String OBJECT_ID = "objectId";

    private final ParseClient parse;
    private final int largestPage;

    ReadingHistory(ParseClient parse, IngestConfig config) {
        this.parse = parse;
        // Parse silently caps a query's limit at its maxLimit: one row beyond the page must still fit under it.
        this.largestPage = config.readings().parseMaxLimit() - 1;
    }

    /**
     * Readings with {@code from <= timestamp < to}, oldest first, after the cursor's position: at most
     * {@code limit} of them, and never more than Parse's maxLimit minus one, so that the one extra row asked for
     * still tells whether another page follows. 404 when the device is absent or not the caller's, so existence
     * is not leaked.
     */
    public ReadingPageAnswer page(String userId, String deviceId, String from, String to, int limit, String cursor) {
        Instant fromTime = from == null ? null : parseTime(from, "from");
        Instant toTime = to == null ? null : parseTime(to, "to");
        // Checked before any Parse work; the device is still checked against the caller below.
        ReadingCursor after = cursor == null ? null : ReadingCursor.decode(cursor, deviceId);
        ParseObject device = parse.first(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                        .equalTo(DeviceClass.DEVICE_ID, deviceId)
                        .equalTo(DeviceClass.OWNER, Pointer.user(userId))
                        .keys(DeviceClass.DEVICE_ID))
                .orElseThrow(() -> ApiException.notFound("no such device"));
        int pageSize = Math.min(limit, largestPage);

        ParseQuery query = ParseQuery.of(SensorLogClass.NAME)
                .equalTo(SensorLogClass.DEVICE, new Pointer(DeviceClass.NAME, device.objectId()))
                .orderBy(SensorLogClass.TIMESTAMP, OBJECT_ID)
                .keys(SensorLogClass.TIMESTAMP, SensorLogClass.DATA, SensorLogClass.READING_ID)
                .limit(pageSize + 1);
        Instant lowerBound = later(fromTime, after == null ? null : after.timestamp());
        if (lowerBound != null) {
            // The outer $gte lets Postgres seek the (device, timestamp, objectId) index instead of scanning from the start.
            query.greaterThanOrEqualTo(SensorLogClass.TIMESTAMP, lowerBound);
        }
        if (toTime != null) {
            query.lessThan(SensorLogClass.TIMESTAMP, toTime);
        }
        if (after != null) {
            query.or(ParseQuery.of(SensorLogClass.NAME).greaterThan(SensorLogClass.TIMESTAMP, after.timestamp()),
                    ParseQuery.of(SensorLogClass.NAME).equalTo(SensorLogClass.TIMESTAMP, after.timestamp())
                            .greaterThan(OBJECT_ID, after.objectId()));
        }
        List<ParseObject> rows = parse.find(ParseAuth.master(), query);
        List<ParseObject> page = rows.subList(0, Math.min(pageSize, rows.size()));
        String nextCursor = rows.size() > pageSize
                ? new ReadingCursor(page.getLast().getDate(SensorLogClass.TIMESTAMP), page.getLast().objectId()).encode(deviceId)
                : null;
        return new ReadingPageAnswer(true, page.stream().map(ReadingHistory::reading).toList(), nextCursor);
    }

    private static ReadingPageAnswer.Reading reading(ParseObject row) {
        Map<String, Object> sensors = new LinkedHashMap<>();
        row.getObject(SensorLogClass.DATA).forEach((key, value) -> sensors.put(SensorNames.fromStored(key), value));
        return new ReadingPageAnswer.Reading(row.getString(SensorLogClass.READING_ID), row.getDate(SensorLogClass.TIMESTAMP), sensors);
    }

    private static Instant parseTime(String text, String field) {
        return IsoTimestamps.parse(text)
                .orElseThrow(() -> ApiException.badRequest(field, "must be an ISO-8601 date-time, e.g. 2026-11-27T10:15:30Z"));
    }

    private static Instant later(Instant first, Instant second) {
        if (first == null || second == null) {
            return first == null ? second : first;
        }
        return first.isAfter(second) ? first : second;
    }
}
