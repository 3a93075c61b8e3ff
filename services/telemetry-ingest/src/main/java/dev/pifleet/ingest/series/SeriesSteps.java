package dev.pifleet.ingest.series;

import java.time.Instant;

/**
 * The bucket width of a series: the smallest "nice" step that gives at most the asked number of buckets. Buckets are
 * aligned to multiples of the step since the Unix epoch (UTC), so a step of a day starts at midnight UTC, and one
 * of 7 days on a Thursday. Beyond a year the steps are whole years of 365 days.
 */
public final class SeriesSteps {

    static final long[] NICE = {1, 5, 15, 60, 300, 900, 3_600, 21_600, 86_400, 604_800, 2_592_000, 31_536_000};
    private static final long YEAR = 31_536_000;

    private SeriesSteps() {
    }

    /** @param from inclusive @param to exclusive, after from */
    public static long choose(Instant from, Instant to, int points) {
        for (long step : NICE) {
            if (buckets(from, to, step) <= points) {
                return step;
            }
        }
        long years = 2;
        while (buckets(from, to, years * YEAR) > points) {
            years *= 2;
        }
        return years * YEAR;
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
