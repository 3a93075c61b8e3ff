package dev.pifleet.agent.sensors;

import dev.pifleet.agent.sender.Reading;
import dev.pifleet.agent.sender.ReadingBuffer;
import dev.pifleet.agent.sender.UploadLoop;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** Reads every sensor each reading-interval into one reading; a failing sensor is skipped and reported, the rest go on. */
@Singleton
public class SensorSampler {

    private static final Logger LOG = Logger.getLogger(SensorSampler.class);

    /** What /status shows per sensor: last values, and the last error if the latest read failed. */
    public record SensorState(String name, Map<String, Double> values, Instant readAt, String error, Instant errorAt) {
    }

    private final List<Sensor> sensors;
    private final ReadingBuffer buffer;
    private final UploadLoop uploadLoop;
    private final Map<String, SensorState> states = new ConcurrentHashMap<>();

    SensorSampler(List<Sensor> sensors, ReadingBuffer buffer, UploadLoop uploadLoop) {
        this.sensors = sensors;
        this.buffer = buffer;
        this.uploadLoop = uploadLoop;
        sensors.forEach(sensor -> states.put(sensor.name(), new SensorState(sensor.name(), Map.of(), null, null, null)));
    }

    @Scheduled(identity = "sample-sensors", every = "${pifleet.agent.reading-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sample() {
        Map<String, Double> values = new TreeMap<>();
        for (Sensor sensor : sensors) {
            values.putAll(readOne(sensor));
        }
        if (!values.isEmpty()) {
            buffer.add(Reading.of(Instant.now(), values));
            uploadLoop.wake();
        }
    }

    public List<SensorState> states() {
        return sensors.stream().map(sensor -> states.get(sensor.name())).toList();
    }

    private Map<String, Double> readOne(Sensor sensor) {
        SensorState before = states.get(sensor.name());
        try {
            Map<String, Double> values = sensor.read();
            if (before.error() != null) {
                LOG.infof("sensor %s reads again", sensor.name());
            }
            states.put(sensor.name(), new SensorState(sensor.name(), values, Instant.now(), null, null));
            return values;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (Exception e) {
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            if (!Objects.equals(error, before.error())) {
                LOG.warnf("sensor %s failed and is skipped: %s", sensor.name(), error);
            }
            states.put(sensor.name(), new SensorState(sensor.name(), before.values(), before.readAt(), error, Instant.now()));
            return Map.of();
        }
    }
}
