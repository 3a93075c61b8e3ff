package dev.pifleet.sensorlog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The summaries of a chunk of readings, and how they merge into stored rollups: pure logic, no Parse. Each reading
 * counts in its hour's row (in the hour's total and in its minute) and in its day's row. A stored row whose
 * {@code seq} is already the chunk's number has it, so applying a chunk twice changes nothing.
 */
public final class RollupChunk {

    private final long seq;
    private final Map<RollupKey, Map<String, Stats>> totals = new LinkedHashMap<>();
    private final Map<RollupKey, Map<Integer, Map<String, Stats>>> minutes = new LinkedHashMap<>();

    public RollupChunk(long seq, List<StoredReading> readings) {
        this.seq = seq;
        for (StoredReading reading : readings) {
            RollupKey hour = new RollupKey(reading.deviceObjectId(), Resolution.HOUR, Resolution.HOUR.bucketOf(reading.timestamp()));
            RollupKey day = new RollupKey(reading.deviceObjectId(), Resolution.DAY, Resolution.DAY.bucketOf(reading.timestamp()));
            int minute = (int) ((reading.timestamp().getEpochSecond() - hour.bucket().getEpochSecond()) / Resolution.MINUTE.seconds());
            reading.sensors().forEach((name, value) -> {
                OptionalDouble number = SensorValues.numeric(value);
                if (number.isEmpty()) {
                    return;
                }
                Stats one = Stats.of(number.getAsDouble());
                add(totals.computeIfAbsent(hour, unused -> new LinkedHashMap<>()), name, one);
                add(totals.computeIfAbsent(day, unused -> new LinkedHashMap<>()), name, one);
                add(minutes.computeIfAbsent(hour, unused -> new LinkedHashMap<>())
                        .computeIfAbsent(minute, unused -> new LinkedHashMap<>()), name, one);
            });
        }
    }

    public List<RollupKey> keys() {
        return List.copyOf(totals.keySet());
    }

    /** The rows to write: each touched bucket with this chunk added, except those that already have it. */
    public List<Rollup> mergeInto(Map<String, Rollup> stored) {
        List<Rollup> writes = new ArrayList<>();
        totals.forEach((key, added) -> {
            Rollup existing = stored.get(key.text());
            if (existing != null && existing.seq() >= seq) {
                return;
            }
            Map<String, Stats> sensors = new LinkedHashMap<>(existing == null ? Map.of() : existing.sensors());
            added.forEach((name, stats) -> add(sensors, name, stats));
            Map<Integer, Map<String, Stats>> byMinute = new LinkedHashMap<>();
            if (existing != null) {
                existing.minutes().forEach((minute, stats) -> byMinute.put(minute, new LinkedHashMap<>(stats)));
            }
            minutes.getOrDefault(key, Map.of()).forEach((minute, stats) -> stats.forEach((name, one) ->
                    add(byMinute.computeIfAbsent(minute, unused -> new LinkedHashMap<>()), name, one)));
            writes.add(new Rollup(existing == null ? null : existing.objectId(), key, sensors, byMinute, seq));
        });
        return writes;
    }

    private static void add(Map<String, Stats> sensors, String name, Stats stats) {
        sensors.merge(name, stats, Stats::plus);
    }
}
