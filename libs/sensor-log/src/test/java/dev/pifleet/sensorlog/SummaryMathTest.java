package dev.pifleet.sensorlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pure pieces the summaries are built from: Stats, Resolution, RollupKey, SensorValues. */
class SummaryMathTest {

    @Test
    void statsMergeInAnyGroupingToTheSameSummary() {
        Stats a = Stats.of(3);
        Stats b = Stats.of(-1.5);
        Stats c = new Stats(2, 10, 4, 6);

        assertThat(a.plus(b).plus(c)).isEqualTo(a.plus(b.plus(c))).isEqualTo(c.plus(a).plus(b))
                .isEqualTo(new Stats(4, 11.5, -1.5, 6));
        assertThat(a.plus(b).plus(c).avg()).isEqualTo(11.5 / 4);
    }

    @Test
    void bucketsAlignToTheEpochInUtcAlsoBeforeIt() {
        Instant t = Instant.parse("2026-11-01T10:15:30.250Z");
        assertThat(Resolution.MINUTE.bucketOf(t)).isEqualTo(Instant.parse("2026-11-01T10:15:00Z"));
        assertThat(Resolution.HOUR.bucketOf(t)).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(Resolution.DAY.bucketOf(t)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(Resolution.HOUR.bucketOf(Instant.parse("2026-11-01T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        // floorDiv, not division: a time before 1970 belongs to the bucket that starts before it.
        assertThat(Resolution.DAY.bucketOf(Instant.parse("1969-12-31T23:59:59Z")))
                .isEqualTo(Instant.parse("1969-12-31T00:00:00Z"));
    }

    @Test
    void resolutionCodesRoundTripAndAnUnknownOneIsRefused() {
        for (Resolution resolution : Resolution.values()) {
            assertThat(Resolution.ofCode(resolution.code())).isEqualTo(resolution);
        }
        assertThatThrownBy(() -> Resolution.ofCode("w")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRollupKeyTextNamesDeviceResolutionAndBucketSeconds() {
        RollupKey key = new RollupKey("dev1", Resolution.HOUR, Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(key.text()).isEqualTo("dev1/h/" + Instant.parse("2026-11-01T10:00:00Z").getEpochSecond());
    }

    @Test
    void numbersAndBooleansAreSummarisedAndNothingElse() {
        assertThat(SensorValues.numeric(21.5)).hasValue(21.5);
        assertThat(SensorValues.numeric(7L)).hasValue(7);
        assertThat(SensorValues.numeric(new BigDecimal("0.25"))).hasValue(0.25);
        assertThat(SensorValues.numeric(true)).hasValue(1);
        assertThat(SensorValues.numeric(false)).hasValue(0);
        assertThat(SensorValues.numeric("21.5")).isEmpty();
        assertThat(SensorValues.numeric(null)).isEmpty();
    }
}
