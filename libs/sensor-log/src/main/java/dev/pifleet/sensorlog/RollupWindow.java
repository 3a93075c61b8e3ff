package dev.pifleet.sensorlog;

import java.time.Instant;

/**
 * A rollup chunk's window of SensorLog rows by createdAt, {@code from < createdAt <= to}, and how many rows it held
 * when the chunk was applied ({@code objectId} null until recorded). Windows follow one another without gaps.
 */
public record RollupWindow(String objectId, long seq, Instant from, Instant to, long count) {
}
