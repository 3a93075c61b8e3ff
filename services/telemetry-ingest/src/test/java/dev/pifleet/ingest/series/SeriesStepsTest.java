package dev.pifleet.ingest.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeriesStepsTest {

    private static final Instant MIDNIGHT = Instant.parse("2026-11-01T00:00:00Z");

    @ParameterizedTest(name = "{0} at {1} points -> {2} s")
    @CsvSource({
            "PT1H, 500, 15", "PT1H, 3600, 1", "PT1H, 720, 5", "PT1H, 1, 3600",
            "P1D, 500, 300", "P1D, 2000, 60", "P7D, 500, 3600", "P30D, 500, 21600",
            "P365D, 500, 86400", "P365D, 14, 2592000", "P365D, 13, 31536000", "P3650D, 12, 31536000"})
    void theSmallestNiceStepThatGivesAtMostThePoints(Duration range, int points, long step) {
        assertThat(SeriesSteps.choose(MIDNIGHT, MIDNIGHT.plus(range), points)).isEqualTo(step);
    }

    @ParameterizedTest(name = "an unaligned range counts the buckets it touches: {0}")
    @CsvSource({"2026-11-01T00:00:30Z, 2026-11-01T00:02:00Z, 60, 2", "2026-11-01T00:00:30Z, 2026-11-01T00:02:00.001Z, 60, 3",
            "2026-11-01T00:00:00Z, 2026-11-01T00:00:01Z, 1, 1"})
    void bucketsCountsEveryTouchedBucket(Instant from, Instant to, long step, long buckets) {
        assertThat(SeriesSteps.buckets(from, to, step)).isEqualTo(buckets);
    }

    @ParameterizedTest(name = "a day from 30 s past midnight at {0} points -> {1} s")
    @CsvSource({"289, 300", "288, 900"})
    void partialBucketsAtBothEndsCount(int points, long step) {
        // The range touches 289 five-minute buckets: the first and the last only in part.
        Instant from = MIDNIGHT.plusSeconds(30);
        assertThat(SeriesSteps.choose(from, from.plus(Duration.ofDays(1)), points)).isEqualTo(step);
    }

    @Test
    void oneBucketCannotSpanTheEpochButTwoCan() {
        Instant from = Instant.parse("0001-01-01T00:00:00Z");
        Instant to = Instant.parse("9999-12-31T23:59:59Z");
        assertThatThrownBy(() -> SeriesSteps.choose(from, to, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 points");
        assertThat(SeriesSteps.buckets(from, to, SeriesSteps.choose(from, to, 2))).isEqualTo(2);
    }
}
