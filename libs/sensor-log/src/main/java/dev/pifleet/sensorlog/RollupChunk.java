package dev.pifleet.sensorlog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The summaries of a chunk of readings, and how they merge into stored rollups: pure logic, no Parse.
 * A stored row whose {@code seq} is already the chunk's number has it, so applying a chunk twice changes nothing.
 */
public final class RollupChunk {

    private final long seq;
    private final Map<RollupKey, Map<String, Stats>> contributions = new LinkedHashMap<>();

    public RollupChunk(long seq, List<StoredReading> readings) {
        this.seq = seq;
        for (StoredReading reading : readings) {
            for (Resolution resolution : Resolution.values()) {
                RollupKey key = new RollupKey(reading.deviceObjectId(), resolution, resolution.bucketOf(reading.timestamp()));
                reading.sensors().forEach((name, value) -> {
                    OptionalDouble number = SensorValues.numeric(value);
                    if (number.isPresent()) {
                        contributions.computeIfAbsent(key, unused -> new LinkedHashMap<>())
                                .merge(name, Stats.of(number.getAsDouble()), Stats::plus);
                    }
                });
            }
        }
    }

    public List<RollupKey> keys() {
        return List.copyOf(contributions.keySet());
    }

    /** The rows to write: each touched bucket with this chunk added, except those that already have it. */
    public List<Rollup> mergeInto(Map<String, Rollup> stored) {
        List<Rollup> writes = new ArrayList<>();
        contributions.forEach((key, added) -> {
            Rollup existing = stored.get(key.text());
            if (existing != null && existing.seq() >= seq) {
                return;
            }
            Map<String, Stats> sensors = new LinkedHashMap<>(existing == null ? Map.of() : existing.sensors());
            added.forEach((name, stats) -> sensors.merge(name, stats, Stats::plus));
            writes.add(new Rollup(existing == null ? null : existing.objectId(), key, sensors, seq));
        });
        return writes;
    }
}
