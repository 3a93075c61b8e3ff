package dev.pifleet.ingest.series;

import java.time.Instant;
import dev.pifleet.sensorlog.Stats;
import java.util.List;
import java.util.Map;

/** A sensor's values in [from, to) summarised per step-aligned bucket; empty buckets are left out. */
public record SeriesAnswer(boolean success, String sensor, Instant from, Instant to, long stepSeconds,
        List<Bucket> buckets) {

    /** {@code t} is the bucket's start; avg is sum / count over the bucket's values. */
    public record Bucket(Instant t, long count, double min, double max, double avg) {

        /** One bucket per entry, in the map's order: start of the bucket, its values' stats. */
        static List<Bucket> all(Map<Instant, Stats> buckets) {
            return buckets.entrySet().stream().map(bucket -> new Bucket(bucket.getKey(), bucket.getValue().count(),
                    bucket.getValue().min(), bucket.getValue().max(), bucket.getValue().avg())).toList();
        }
    }
}
