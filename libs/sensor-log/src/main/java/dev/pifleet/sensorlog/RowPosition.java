package dev.pifleet.sensorlog;

import java.time.Instant;
import java.util.Objects;

/** A row's place in an order by (a date, objectId): where a page or a job stopped. */
public record RowPosition(Instant at, String objectId) {

    public RowPosition {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(objectId, "objectId");
    }

    /** Where a reading stands in the order it was taken: (timestamp, objectId), one device's readings. */
    public static RowPosition taken(StoredReading reading) {
        return new RowPosition(reading.timestamp(), reading.objectId());
    }

    /** Where a reading stands in the order Parse stored it: (createdAt, objectId). */
    public static RowPosition stored(StoredReading reading) {
        return new RowPosition(reading.createdAt(), reading.objectId());
    }
}
