package dev.pifleet.ingest.series;

import dev.pifleet.fleet.DeviceView;
import dev.pifleet.sensorlog.StoredReading;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/**
 * One refresh of a device page: the device as the registry's {@code GET /api/devices/{id}} shows it, each numeric
 * sensor's series in [from, to) at one step (sorted by sensor), the
 * latest values, and the table of steps the ingest picks from ({@code steps}, smallest first; beyond the last,
 * whole years doubling), so that a browser can tell whether another width would change the step.
 */
public record OverviewAnswer(boolean success, DeviceView device, Instant from, Instant to, long stepSeconds, List<Long> steps,
        List<Series> series, Latest latest) {

    /** A sensor's non-empty buckets, as in {@link SeriesAnswer}. */
    public record Series(String sensor, List<SeriesAnswer.Bucket> buckets) {
    }

    /**
     * {@code t}: the newest reading's timestamp in the range; {@code sensors}: each sensor's newest value among the
     * newest readings read (numbers, booleans and strings), with when it was taken, sorted by name.
     */
    public record Latest(Instant t, List<Value> sensors) {

        /** @param newestFirst readings newest first; null when there are none (no readings in the range) */
        static Latest of(List<StoredReading> newestFirst) {
            if (newestFirst.isEmpty()) {
                return null;
            }
            TreeMap<String, Value> values = new TreeMap<>();
            for (StoredReading reading : newestFirst) {
                reading.sensors().forEach((sensor, value) ->
                        values.putIfAbsent(sensor, new Value(sensor, value, reading.timestamp())));
            }
            return new Latest(newestFirst.getFirst().timestamp(), List.copyOf(values.values()));
        }
    }

    public record Value(String sensor, Object value, Instant t) {
    }
}
