package dev.pifleet.ingest.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One page of a device's readings, oldest first; {@code nextCursor} is null on the last page. */
public record ReadingPageAnswer(boolean success, List<Reading> readings, String nextCursor) {

    public record Reading(String id, Instant timestamp, Map<String, Object> sensors) {
    }
}
