package dev.pifleet.agent.sensors;

import dev.pifleet.agent.BackgroundLoop;
import dev.pifleet.agent.Ticker;
import dev.pifleet.agent.fleet.FleetConfig;
import dev.pifleet.agent.sender.Reading;
import dev.pifleet.agent.sender.ReadingBuffer;
import dev.pifleet.agent.sender.UploadLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Reads every enabled sensor each reading interval into one reading; a failing sensor is skipped and reported, the rest
 * go on. The interval and the enabled sensors are the settings in force ({@link FleetConfig}): a change from the cloud
 * takes effect at once, the next reading falling one new interval after the last.
 */
@Singleton
public class SensorSampler {

    private static final Logger LOG = Logger.getLogger(SensorSampler.class);

    /** What /status shows per sensor: last values, and the last error if the latest read failed. */
    public record SensorState(String name, Map<String, Double> values, Instant readAt, String error, Instant errorAt) {
    }

    private final List<Sensor> sensors;
    private final ReadingBuffer buffer;
    private final UploadLoop uploadLoop;
    private final FleetConfig fleet;
    private final Ticker ticker = new Ticker();
    private BackgroundLoop loop;
    /** One live reading of one sensor ({@link #readNow}): its values, or the error instead. */
    public record LiveReading(String name, Map<String, Double> values, String error, Instant readAt) {
    }

    private final Map<String, SensorState> states = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> readErrors = new ConcurrentHashMap<>();
    /** Sampling and a live check never talk to the I2C bus at the same time. */
    private final ReentrantLock bus = new ReentrantLock();

    SensorSampler(List<Sensor> sensors, ReadingBuffer buffer, UploadLoop uploadLoop, FleetConfig fleet) {
        this.sensors = sensors;
        this.buffer = buffer;
        this.uploadLoop = uploadLoop;
        this.fleet = fleet;
        fleet.onChange(ticker::changed);
        sensors.forEach(sensor -> {
            states.put(sensor.name(), new SensorState(sensor.name(), Map.of(), null, null, null));
            readErrors.put(sensor.name(), new LongAdder());
        });
    }

    void start(@Observes StartupEvent started) {
        loop = BackgroundLoop.start("sampler", LOG, this::step);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        loop.stop();
    }

    private void step() throws InterruptedException {
        Instant started = Instant.now();
        sample();
        ticker.awaitNext(started, () -> fleet.effective().readingInterval().value());
    }

    void sample() {
        Map<String, Double> values = new TreeMap<>();
        bus.lock();
        try {
            for (Sensor sensor : enabled()) {
                values.putAll(readOne(sensor));
            }
        } finally {
            bus.unlock();
        }
        if (!values.isEmpty()) {
            buffer.add(Reading.of(Instant.now(), values));
            uploadLoop.wake();
        }
    }

    public List<SensorState> states() {
        return sensors.stream().map(sensor -> states.get(sensor.name())).toList();
    }

    /** Reads every configured sensor now, for checking the wiring: nothing is buffered, /status and the metrics stay. */
    public List<LiveReading> readNow() {
        return readNow(sensors);
    }

    /** The read-sensors command: every enabled sensor, now, nothing buffered. */
    public List<LiveReading> readEnabledNow() {
        return readNow(enabled());
    }

    private List<Sensor> enabled() {
        List<String> names = fleet.effective().sensors().value();
        return sensors.stream().filter(sensor -> names.contains(sensor.name())).toList();
    }

    private List<LiveReading> readNow(List<Sensor> which) {
        List<LiveReading> readings = new ArrayList<>();
        bus.lock();
        try {
            for (Sensor sensor : which) {
                try {
                    readings.add(new LiveReading(sensor.name(), new TreeMap<>(sensor.read()), null, Instant.now()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    readings.add(new LiveReading(sensor.name(), Map.of(), "interrupted", Instant.now()));
                } catch (Exception e) {
                    readings.add(new LiveReading(sensor.name(), Map.of(), describe(e), Instant.now()));
                }
            }
        } finally {
            bus.unlock();
        }
        return readings;
    }

    /** The configured sensors' names, in configuration order. */
    public List<String> names() {
        return sensors.stream().map(Sensor::name).toList();
    }

    /** Failed scheduled reads of this sensor since the start. */
    public long readErrors(String sensor) {
        LongAdder errors = readErrors.get(sensor);
        return errors == null ? 0 : errors.sum();
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
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
            readErrors.get(sensor.name()).increment();
            String error = describe(e);
            if (!Objects.equals(error, before.error())) {
                LOG.warnf("sensor %s failed and is skipped: %s", sensor.name(), error);
            }
            states.put(sensor.name(), new SensorState(sensor.name(), before.values(), before.readAt(), error, Instant.now()));
            return Map.of();
        }
    }
}
