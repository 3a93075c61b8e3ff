package dev.pifleet.agent.metrics;

import dev.pifleet.agent.sender.Heartbeat;
import dev.pifleet.agent.sender.ReadingBuffer;
import dev.pifleet.agent.sender.Uploader;
import dev.pifleet.agent.sensors.SensorSampler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * The agent's own meters on {@code /q/metrics} (Prometheus names in docs/raspberry-pi.md). Each one reads a value the
 * agent already keeps (the buffer's table and counters, the uploader's and heartbeat's tallies), so nothing is counted
 * twice. Quarkus binds every {@link MeterBinder} bean at start-up.
 */
@Singleton
public class AgentMetrics implements MeterBinder {

    private final ReadingBuffer buffer;
    private final Uploader uploader;
    private final Heartbeat heartbeat;
    private final SensorSampler sampler;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private volatile MeterRegistry registry;

    AgentMetrics(ReadingBuffer buffer, Uploader uploader, Heartbeat heartbeat, SensorSampler sampler) {
        this.buffer = buffer;
        this.uploader = uploader;
        this.heartbeat = heartbeat;
        this.sampler = sampler;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        keep(Gauge.builder("pifleet.agent.buffer.readings", buffer, orNaN(ReadingBuffer::size))
                .description("Readings on disk waiting for the cloud").register(registry));
        keep(Gauge.builder("pifleet.agent.buffer.oldest.age", buffer, orNaN(AgentMetrics::oldestAgeSeconds)).baseUnit("seconds")
                .description("Age of the oldest buffered reading (0 when the buffer is empty)").register(registry));
        // The buffer keeps these two in its file, so they carry on across restarts.
        keep(FunctionCounter.builder("pifleet.agent.readings.dropped", buffer, orNaN(ReadingBuffer::droppedWhenFull))
                .tag("reason", "buffer_full").description("Readings lost because the buffer was full")
                .register(registry));
        keep(FunctionCounter.builder("pifleet.agent.readings.dropped", buffer, orNaN(ReadingBuffer::rejected))
                .tag("reason", "rejected").description("Readings the ingest refused as invalid, discarded")
                .register(registry));

        keep(FunctionCounter.builder("pifleet.agent.uploads", uploader, Uploader::uploadsOk).tag("result", "ok")
                .description("Upload requests to the ingest, by result").register(registry));
        keep(FunctionCounter.builder("pifleet.agent.uploads", uploader, Uploader::uploadsFailed).tag("result", "failed")
                .description("Upload requests to the ingest, by result").register(registry));
        keep(FunctionCounter.builder("pifleet.agent.key.refused", uploader, Uploader::keyRefused).tag("call", "upload")
                .description("Cloud calls answered 401/403 (key unknown or revoked)").register(registry));
        keep(FunctionCounter.builder("pifleet.agent.key.refused", heartbeat, h -> h.count(Heartbeat.Result.REFUSED))
                .tag("call", "heartbeat").description("Cloud calls answered 401/403 (key unknown or revoked)")
                .register(registry));

        for (Heartbeat.Result result : Heartbeat.Result.values()) {
            keep(FunctionCounter.builder("pifleet.agent.heartbeats", heartbeat, h -> h.count(result))
                    .tag("result", result.name().toLowerCase(Locale.ROOT))
                    .description("Heartbeats sent, by result").register(registry));
        }
        keep(Gauge.builder("pifleet.agent.heartbeat.ok", heartbeat,
                        h -> h.lastOk().map(ok -> ok ? 1.0 : 0.0).orElse(Double.NaN))
                .description("1 if the latest heartbeat was answered 200, 0 if not, NaN before the first")
                .register(registry));

        for (String sensor : sampler.names()) {
            keep(FunctionCounter.builder("pifleet.agent.sensor.read.errors", sampler, s -> s.readErrors(sensor))
                    .tag("sensor", sensor).description("Failed sensor reads").register(registry));
        }
    }

    /**
     * The meters read beans that die with this application; a registry that outlives it (tests restart Quarkus in one
     * JVM) must not keep calling them, nor hand them back when the next instance registers the same names.
     */
    @PreDestroy
    void unbind() {
        MeterRegistry bound = registry;
        if (bound != null) {
            meters.forEach(bound::remove);
        }
        meters.clear();
    }

    private void keep(Meter meter) {
        meters.add(meter);
    }

    /** A scrape shows NaN for a value that cannot be read (the buffer's disk failing), never an error page. */
    private static <T> ToDoubleFunction<T> orNaN(ToDoubleFunction<T> value) {
        return source -> {
            try {
                return value.applyAsDouble(source);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        };
    }

    private static double oldestAgeSeconds(ReadingBuffer buffer) {
        return buffer.oldestTimestamp()
                .map(oldest -> Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0))
                .orElse(0.0);
    }
}
