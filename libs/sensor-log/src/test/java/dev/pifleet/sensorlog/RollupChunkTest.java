package dev.pifleet.sensorlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollupChunkTest {

    private static final Instant T = Instant.parse("2026-11-01T10:15:30Z");

    @Test
    void eachReadingCountsInItsHourItsMinuteAndItsDayWithNumbersAndBooleansOnly() {
        RollupChunk chunk = new RollupChunk(7, List.of(
                reading("d1", T, Map.of("t", 20.5, "open", true, "label", "kitchen")),
                reading("d1", T.plusSeconds(10), Map.of("t", 19L, "open", false)),
                reading("d1", T.plusSeconds(40), Map.of("t", 30.0))));

        List<Rollup> written = chunk.mergeInto(Map.of());

        assertThat(written).extracting(rollup -> rollup.key().text()).containsExactly(
                "d1/h/" + epoch("2026-11-01T10:00:00Z"), "d1/d/" + epoch("2026-11-01T00:00:00Z"));
        Rollup hour = written.getFirst();
        assertThat(hour.sensors()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "t", new Stats(3, 69.5, 19, 30), "open", new Stats(2, 1, 0, 1)));
        assertThat(hour.minutes()).containsOnlyKeys(15, 16);
        assertThat(hour.minutes().get(15)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "t", new Stats(2, 39.5, 19, 20.5), "open", new Stats(2, 1, 0, 1)));
        assertThat(hour.minutes().get(16)).containsExactlyEntriesOf(Map.of("t", Stats.of(30)));
        assertThat(written.get(1).sensors()).isEqualTo(hour.sensors());
        assertThat(written.get(1).minutes()).isEmpty();
        assertThat(written).allMatch(rollup -> rollup.seq() == 7 && rollup.objectId() == null);
    }

    @Test
    void storedSummariesGrowAndOnesThatAlreadyHoldTheChunkAreLeftAlone() {
        RollupKey hour = new RollupKey("d1", Resolution.HOUR, Instant.parse("2026-11-01T10:00:00Z"));
        RollupKey day = new RollupKey("d1", Resolution.DAY, Instant.parse("2026-11-01T00:00:00Z"));
        RollupChunk chunk = new RollupChunk(8, List.of(reading("d1", T, Map.of("t", 5.0))));

        List<Rollup> written = chunk.mergeInto(Map.of(
                hour.text(), new Rollup("h1", hour, Map.of("t", new Stats(1, 10, 10, 10), "h", Stats.of(3)),
                        Map.of(15, Map.of("t", Stats.of(10)), 20, Map.of("h", Stats.of(3))), 6),
                day.text(), new Rollup("d1", day, Map.of("t", new Stats(2, 15, 5, 10)), Map.of(), 8)));

        assertThat(written).hasSize(1);
        Rollup merged = written.getFirst();
        assertThat(merged.objectId()).isEqualTo("h1");
        assertThat(merged.sensors()).containsEntry("t", new Stats(2, 15, 5, 10)).containsEntry("h", Stats.of(3));
        assertThat(merged.minutes().get(15)).containsEntry("t", new Stats(2, 15, 5, 10));
        assertThat(merged.minutes().get(20)).containsEntry("h", Stats.of(3));
    }

    private static StoredReading reading(String device, Instant timestamp, Map<String, Object> sensors) {
        return new StoredReading("o" + timestamp.getEpochSecond(), device, "r", timestamp, timestamp, sensors);
    }

    private static long epoch(String time) {
        return Instant.parse(time).getEpochSecond();
    }
}
