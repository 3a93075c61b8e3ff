package dev.pifleet.sensorlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Paging against an in-memory order with tied timestamps: each row once, pages never above the limit asked. */
class ReadingPagesTest {

    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
    /** 25 rows, five to a timestamp, ordered by (timestamp, objectId). */
    private final List<StoredReading> rows = IntStream.range(0, 25)
            .mapToObj(i -> new StoredReading("id%02d".formatted(i), "dev", "r" + i, T.plusSeconds(i / 5), T, Map.of()))
            .toList();
    private final List<Integer> limitsAsked = new ArrayList<>();

    private List<StoredReading> after(RowPosition after, int limit) {
        limitsAsked.add(limit);
        return rows.stream()
                .filter(row -> after == null || row.timestamp().isAfter(after.at())
                        || row.timestamp().equals(after.at()) && row.objectId().compareTo(after.objectId()) > 0)
                .limit(limit).toList();
    }

    @Test
    void everyRowOnceAcrossPagesThatCutTiedTimestamps() {
        List<StoredReading> read = new ArrayList<>();
        ReadingPages.forEach(this::after, RowPosition::taken, 7, read::add);
        assertThat(read).isEqualTo(rows);
        assertThat(limitsAsked).containsExactly(7, 7, 7, 7);
    }

    @Test
    void stopsAtTheBoundWithoutAskingForMore() {
        List<StoredReading> read = new ArrayList<>();
        long count = ReadingPages.forEach(this::after, RowPosition::taken, null, 10, 7, read::add);
        assertThat(count).isEqualTo(10);
        assertThat(read).isEqualTo(rows.subList(0, 10));
        assertThat(limitsAsked).containsExactly(7, 3);
    }

    @Test
    void startsAfterTheGivenPosition() {
        List<StoredReading> read = new ArrayList<>();
        long count = ReadingPages.forEach(this::after, RowPosition::taken, RowPosition.taken(rows.get(11)), 100, 50, read::add);
        assertThat(count).isEqualTo(13);
        assertThat(read).isEqualTo(rows.subList(12, 25));
    }
}
