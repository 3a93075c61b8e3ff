package dev.pifleet.agent.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingBufferTest {

    static Reading reading(int n) {
        return Reading.of(Instant.parse("2026-11-27T00:00:00Z").plusSeconds(n), Map.of("temperature", 20.0 + n));
    }

    @Test
    void whenFullTheOldestAreDroppedAndCounted(@TempDir Path dir) {
        try (ReadingBuffer buffer = ReadingBuffer.open(dir.resolve("r.db"), 3)) {
            List<Reading> readings = IntStream.range(0, 5).mapToObj(ReadingBufferTest::reading).toList();
            readings.forEach(buffer::add);

            assertThat(buffer.size()).isEqualTo(3);
            assertThat(buffer.droppedWhenFull()).isEqualTo(2);
            assertThat(buffer.oldest(10)).containsExactlyElementsOf(readings.subList(2, 5));
        }
    }

    @Test
    void readingsAndCountersSurviveAReopen(@TempDir Path dir) {
        Path file = dir.resolve("r.db");
        List<Reading> readings = IntStream.range(0, 4).mapToObj(ReadingBufferTest::reading).toList();
        try (ReadingBuffer buffer = ReadingBuffer.open(file, 3)) {
            readings.forEach(buffer::add);
            buffer.reject(List.of(readings.get(1).id()));
        }

        try (ReadingBuffer reopened = ReadingBuffer.open(file, 3)) {
            assertThat(reopened.oldest(10)).containsExactly(readings.get(2), readings.get(3));
            assertThat(reopened.droppedWhenFull()).isEqualTo(1);
            assertThat(reopened.rejected()).isEqualTo(1);
        }
    }

    @Test
    void removingKeepsTheOrderOfWhatIsLeftAndTheSameIdIsNeverStoredTwice(@TempDir Path dir) {
        try (ReadingBuffer buffer = ReadingBuffer.open(dir.resolve("r.db"), 10)) {
            Reading a = reading(1);
            Reading b = reading(2);
            Reading c = reading(3);
            List.of(a, b, c, a).forEach(buffer::add);

            buffer.remove(List.of(b.id()));

            assertThat(buffer.oldest(2)).containsExactly(a, c);
            assertThat(buffer.size()).isEqualTo(2);
        }
    }
}
