package dev.pifleet.ingest.series;

import java.time.Instant;
import java.util.List;

/** A sensor's values in [from, to) summarised per step-aligned bucket; empty buckets are left out. */
public record SeriesAnswer(boolean success, String sensor, Instant from, Instant to, long stepSeconds,
        List<Bucket> buckets) {

    /** {@code t} is the bucket's start; avg is sum / count over the bucket's values. */
    public record Bucket(Instant t, long count, double min, double max, double avg) {
    }
}
