package dev.pifleet.ingest.history;

import dev.pifleet.ingest.range.TimeRange;
import dev.pifleet.devicestore.DeviceRight;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.sensorlog.RowPosition;
import dev.pifleet.sensorlog.SensorLogStore;
import dev.pifleet.sensorlog.StoredReading;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** An owner's readings of one device, paged by (timestamp, objectId). */
@ApplicationScoped
public class ReadingHistory {

    private final DeviceStore devices;
    private final SensorLogStore readings;
    private final int largestPage;

    ReadingHistory(DeviceStore devices, SensorLogStore readings) {
        this.devices = devices;
        this.readings = readings;
        // Parse silently caps a query's limit at its maxLimit: one row beyond the page must still fit under it.
        this.largestPage = ParseQuery.MAX_LIMIT - 1;
    }

    /**
     * Readings with {@code from <= timestamp < to}, oldest first, after the cursor's position: at most
     * {@code limit} of them, and never more than Parse's maxLimit minus one, so that the one extra row asked for
     * still tells whether another page follows. 404 when the device is absent or not the caller's, so existence
     * is not leaked.
     */
    public ReadingPageAnswer page(String userId, String deviceId, String from, String to, int limit, String cursor) {
        TimeRange range = TimeRange.optional(from, to);
        // Checked before any Parse work; the device is still checked against the caller below.
        ReadingCursor after = cursor == null ? null : ReadingCursor.decode(cursor, deviceId);
        String deviceObjectId = devices.require(userId, deviceId, DeviceRight.VIEW).objectId();
        int pageSize = Math.min(limit, largestPage);
        List<StoredReading> rows = readings.page(deviceObjectId, range.from(), range.to(),
                after == null ? null : new RowPosition(after.timestamp(), after.objectId()), pageSize + 1);
        List<StoredReading> page = rows.subList(0, Math.min(pageSize, rows.size()));
        String nextCursor = rows.size() > pageSize
                ? new ReadingCursor(page.getLast().timestamp(), page.getLast().objectId()).encode(deviceId)
                : null;
        return new ReadingPageAnswer(true, page.stream()
                .map(row -> new ReadingPageAnswer.Reading(row.readingId(), row.timestamp(), row.sensors())).toList(),
                nextCursor);
    }

    /** The largest page a query may ask for. */
    public int largestPage() {
        return largestPage;
    }
}
