package dev.pifleet.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Sensor readings shaped like the seed agent's: a few numeric sensors and a UTC timestamp. */
public final class Readings {

    private Readings() {
    }

    public static ObjectNode sensors() {
        ObjectNode sensors = ParseRest.NODES.objectNode();
        sensorValues().forEach((name, value) -> sensors.put(name, (Double) value));
        return sensors;
    }

    static Map<String, Object> sensorValues() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("temperature", Math.round((18 + random.nextDouble() * 8) * 10) / 10.0);
        values.put("humidity", Math.round((35 + random.nextDouble() * 20) * 10) / 10.0);
        values.put("pressure", Math.round((1000 + random.nextDouble() * 25) * 10) / 10.0);
        values.put("cpu_temp", Math.round((45 + random.nextDouble() * 15) * 10) / 10.0);
        return values;
    }

    /** What the seed's {@code datetime.utcnow().isoformat()} sends: UTC without an offset, microseconds. */
    public static String seedTimestamp() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).toString();
    }

    /**
     * A body of the ingest's contract (HTTP and MQTT alike): one reading {@code {sensors, timestamp}}, with an id
     * when {@code idOnSingle} (the seed's shape has none), or {@code {readings: [...]}} of {@code batchSize}
     * readings with ids.
     */
    static ObjectNode body(int batchSize, boolean idOnSingle) {
        ObjectNode body = ParseRest.NODES.objectNode();
        if (batchSize == 1) {
            if (idOnSingle) {
                body.put("id", readingId());
            }
            body.set("sensors", sensors());
            body.put("timestamp", seedTimestamp());
            return body;
        }
        ArrayNode readings = body.putArray("readings");
        for (int i = 0; i < batchSize; i++) {
            readings.addObject().put("id", readingId()).put("timestamp", seedTimestamp()).set("sensors", sensors());
        }
        return body;
    }

    static String readingId() {
        return UUID.randomUUID().toString();
    }
}
