package dev.pifleet.ingest.range;

import dev.pifleet.ingest.IsoTimestamps;
import dev.pifleet.service.ApiException;
import java.time.Duration;
import java.time.Instant;

/** The {@code from} and {@code to} query parameters of the readings endpoints: {@code from <= timestamp < to}. */
public record TimeRange(Instant from, Instant to) {

    /** Either bound may be absent (null); a range whose from is not before its to is refused. */
    public static TimeRange optional(String from, String to) {
        TimeRange range = new TimeRange(from == null ? null : parse(from, "from"), to == null ? null : parse(to, "to"));
        range.requireOrdered();
        return range;
    }

    /** Absent bounds default to the {@code span} before now: to = now, from = to - span. */
    public static TimeRange withDefaults(String from, String to, Duration span, Instant now) {
        Instant end = to == null ? now : parse(to, "to");
        TimeRange range = new TimeRange(from == null ? end.minus(span) : parse(from, "from"), end);
        range.requireOrdered();
        return range;
    }

    private void requireOrdered() {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badRequest("from", "must be before to");
        }
    }

    private static Instant parse(String text, String field) {
        return IsoTimestamps.parse(text)
                .orElseThrow(() -> ApiException.badRequest(field, "must be an ISO-8601 date-time, e.g. 2026-11-27T10:15:30Z"));
    }
}
