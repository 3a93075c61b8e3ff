package dev.pifleet.ingest.series;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.ingest.series.SeriesPlan.Part;
import dev.pifleet.sensorlog.Resolution;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesPlanTest {

    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    @Test
    void stepsUnderAMinuteReadEverythingRaw() {
        Instant from = t("2026-11-01T10:00:00Z");
        Instant to = t("2026-11-01T11:00:00Z");
        assertThat(SeriesPlan.of(from, to, 15, FAR_FUTURE)).containsExactly(new Part(null, from, to));
    }

    @Test
    void aDayStepUsesDaysInTheMiddleAndFinerSummariesAndRawReadingsAtTheEdges() {
        Instant from = t("2026-11-01T10:37:13Z");
        Instant to = t("2026-11-05T07:05:05Z");
        assertThat(SeriesPlan.of(from, to, 86_400, FAR_FUTURE)).containsExactly(
                new Part(null, from, t("2026-11-01T10:38:00Z")),
                new Part(Resolution.MINUTE, t("2026-11-01T10:38:00Z"), t("2026-11-01T11:00:00Z")),
                new Part(Resolution.HOUR, t("2026-11-01T11:00:00Z"), t("2026-11-02T00:00:00Z")),
                new Part(Resolution.DAY, t("2026-11-02T00:00:00Z"), t("2026-11-05T00:00:00Z")),
                new Part(Resolution.HOUR, t("2026-11-05T00:00:00Z"), t("2026-11-05T07:00:00Z")),
                new Part(Resolution.MINUTE, t("2026-11-05T07:00:00Z"), t("2026-11-05T07:05:00Z")),
                new Part(null, t("2026-11-05T07:05:00Z"), to));
    }

    @Test
    void aStepThatIsNoMultipleOfAnHourUsesMinutesOnly() {
        Instant from = t("2026-11-01T00:00:00Z");
        Instant to = t("2026-11-03T00:00:00Z");
        assertThat(SeriesPlan.of(from, to, 900, FAR_FUTURE)).containsExactly(new Part(Resolution.MINUTE, from, to));
    }

    @Test
    void whatTheRollupJobHasNotSettledIsReadRaw() {
        Instant from = t("2026-11-01T00:00:00Z");
        Instant to = t("2026-11-03T00:00:00Z");
        Instant settled = t("2026-11-02T05:30:40Z");
        assertThat(SeriesPlan.of(from, to, 21_600, settled)).containsExactly(
                new Part(Resolution.HOUR, from, t("2026-11-02T05:00:00Z")),
                new Part(Resolution.MINUTE, t("2026-11-02T05:00:00Z"), t("2026-11-02T05:30:00Z")),
                new Part(null, t("2026-11-02T05:30:00Z"), to));
        assertThat(SeriesPlan.of(from, to, 21_600, Instant.EPOCH)).containsExactly(new Part(null, from, to));
    }

    @Test
    void thePartsCoverTheRangeWithoutGapsOrOverlaps() {
        Instant from = t("2026-10-03T23:59:59.250Z");
        Instant to = t("2026-11-29T00:00:00.750Z");
        for (long step : List.of(60L, 300L, 3_600L, 21_600L, 86_400L, 604_800L)) {
            List<Part> parts = SeriesPlan.of(from, to, step, t("2026-11-20T13:14:15Z"));
            assertThat(parts.getFirst().from()).isEqualTo(from);
            assertThat(parts.getLast().to()).isEqualTo(to);
            for (int i = 1; i < parts.size(); i++) {
                assertThat(parts.get(i).from()).isEqualTo(parts.get(i - 1).to());
            }
            parts.stream().filter(part -> !part.raw()).forEach(part -> {
                assertThat(step % part.resolution().seconds()).isZero();
                assertThat(part.from().getEpochSecond() % part.resolution().seconds()).isZero();
                assertThat(part.to().getEpochSecond() % part.resolution().seconds()).isZero();
            });
        }
    }

    private static Instant t(String text) {
        return Instant.parse(text);
    }
}
