package dev.pifleet.sensorlog;

import java.time.Instant;
import java.util.Map;

/**
 * One SensorLog row: its device's objectId, the client's reading id (null for rows the seed's flow wrote), when it
 * was taken, when Parse stored it, and its values under the names the device sent.
 */
public record StoredReading(String objectId, String deviceObjectId, String readingId, Instant timestamp,
        Instant createdAt, Map<String, Object> sensors) {
}
