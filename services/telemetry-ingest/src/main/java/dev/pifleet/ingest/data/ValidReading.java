package dev.pifleet.ingest.data;

import java.time.Instant;
import java.util.Map;

/** A reading that passed the contract's rules; {@code readingId} is null when the device sent none. */
record ValidReading(String readingId, Instant timestamp, Map<String, Object> sensors) {
}
