package dev.pifleet.sensorlog;

import java.time.Instant;
import java.util.Objects;

/** A row's place in an order by (a date, objectId): where a page or a job stopped. */
public record RowPosition(Instant at, String objectId) {

    public RowPosition {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(objectId, "objectId");
    }
}
