package dev.pifleet.sensorlog;

import java.util.Map;

/**
 * A stored summary: per sensor name, the stats of its numeric values in the bucket. {@code seq} is the number of the
 * last rollup chunk applied to it, which makes re-applying a chunk after a crash a no-op.
 */
public record Rollup(String objectId, RollupKey key, Map<String, Stats> sensors, long seq) {
}
