package dev.pifleet.ingest.series;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The bucket width of a series: the smallest "nice" step that gives at most the asked number of buckets. Buckets are
 * aligned to multiples of the step since the Unix epoch (UTC), so a step of a day starts at midnight UTC, and one
 * of 7 days on a Thursday. Beyond a year the steps double, in whole years of 365 days, up to 16,384 years: more than
 * any range of dates the API accepts (years 1 to 9999).
 */
public final class SeriesSteps {

    static final long[] NICE = {1, 5, 15, 60, 300, 900, 3_600, 21_600, 86_400, 604_800, 2_592_000, 31_536_000};
    private static final long YEAR = 31_536_000;
    private static final long MAX_YEARS = 16_384;

    private SeriesSteps() {
    }

    /** The nice steps, smallest first: the overview gives them to the browser, which keeps no copy. */
    public static List<Long> table() {
        return Arrays.stream(NICE).boxed().toList();
    }

    /**
     * @param from inclusive @param to exclusive, after from
     * @throws IllegalArgumentException when no step gives so few buckets: only one bucket for a range across the
     *     epoch (1970-01-01T00:00:00Z), which every bucket boundary passes through
     */
    public static long choose(Instant from, Instant to, int points) {
        for (long step : NICE) {
            if (buckets(from, to, step) <= points) {
                return step;
            }
        }
        for (long years = 2; years <= MAX_YEARS; years *= 2) {
            if (buckets(from, to, years * YEAR) <= points) {
                return years * YEAR;
            }
        }
        throw new IllegalArgumentException("a range across 1970-01-01T00:00:00Z needs at least 2 points: buckets are "
                + "aligned to the Unix epoch");
    }

    /** How many step-aligned buckets [from, to) touches. */
    static long buckets(Instant from, Instant to, long step) {
        long first = Math.floorDiv(from.getEpochSecond(), step);
        // The last instant in the range is just before to.
        long lastSecond = to.getNano() == 0 ? to.getEpochSecond() - 1 : to.getEpochSecond();
        return Math.floorDiv(lastSecond, step) - first + 1;
    }

    public static Instant bucketOf(Instant time, long step) {
        return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), step) * step);
    }
}
