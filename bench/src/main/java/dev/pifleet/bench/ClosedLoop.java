package dev.pifleet.bench;

import dev.pifleet.bench.HttpJson.HttpFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs one workload with a fixed number of workers, each with one request in flight (a closed loop), first for a
 * warm-up and then for the measurement window. Only requests that complete inside the window are counted.
 * Bounded twice: by time (the window's end, plus the request timeout for the last requests) and by a request count.
 */
final class ClosedLoop {

    private static final long MAX_REQUESTS_PER_WORKER = 2_000_000;
    private static final int MAX_ERROR_SAMPLES = 5;
    private static final long HIGHEST_MICROS = Duration.ofMinutes(2).toNanos() / 1000;

    private final CpuMeter cpuMeter;

    ClosedLoop(CpuMeter cpuMeter) {
        this.cpuMeter = cpuMeter;
    }

    PhaseResult run(String phase, int concurrency, int round, Workload workload, List<BenchDevice> devices,
            Duration warmup, Duration measurement) throws InterruptedException {
        long measureStart = System.nanoTime() + warmup.toNanos();
        long measureEnd = measureStart + measurement.toNanos();
        Recorder latencies = new Recorder(HIGHEST_MICROS, 3);
        LongAdder windowReadings = new LongAdder();
        LongAdder windowRequests = new LongAdder();
        LongAdder windowErrors = new LongAdder();
        LongAdder acknowledged = new LongAdder();
        LongAdder duplicates = new LongAdder();
        LongAdder inDoubt = new LongAdder();
        LongAdder refused = new LongAdder();
        List<String> errorSamples = new CopyOnWriteArrayList<>();
        AtomicLong nextDevice = new AtomicLong();

        Runnable worker = () -> {
            for (long sent = 0; sent < MAX_REQUESTS_PER_WORKER && System.nanoTime() < measureEnd; sent++) {
                BenchDevice device = devices.get((int) (nextDevice.getAndIncrement() % devices.size()));
                long started = System.nanoTime();
                try {
                    Workload.Ack ack = workload.send(device);
                    long finished = System.nanoTime();
                    acknowledged.add(ack.accepted());
                    duplicates.add(ack.duplicates());
                    if (finished >= measureStart && finished < measureEnd) {
                        latencies.recordValue(Math.min(HIGHEST_MICROS, (finished - started) / 1000));
                        windowReadings.add(ack.accepted());
                        windowRequests.increment();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    long finished = System.nanoTime();
                    if (e instanceof HttpFailure failure && failure.refused()) {
                        refused.increment();
                    } else {
                        // A timeout, reset or 5xx may still have stored the readings.
                        inDoubt.add(workload.readingsPerRequest());
                    }
                    if (finished >= measureStart && finished < measureEnd) {
                        windowErrors.increment();
                    }
                    if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                        errorSamples.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                    pause(Duration.ofMillis(20)); // no hot spin against a server that refuses (429/503)
                }
            }
        };

        List<Thread> workers = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            workers.add(Thread.ofPlatform().name(phase + "-" + i).daemon().start(worker));
        }
        sleepUntil(measureStart);
        CpuMeter.Snapshot cpuStart = cpuMeter.snapshot();
        sleepUntil(measureEnd);
        CpuMeter.Snapshot cpuEnd = cpuMeter.snapshot();
        long joinDeadline = System.nanoTime() + HttpJson.REQUEST_TIMEOUT.plusSeconds(5).toNanos();
        for (Thread thread : workers) {
            long left = joinDeadline - System.nanoTime();
            if (left > 0) {
                thread.join(Duration.ofNanos(left));
            }
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }

        Histogram histogram = latencies.getIntervalHistogram();
        double seconds = measurement.toNanos() / 1e9;
        return new PhaseResult(phase, concurrency, round, workload.readingsPerRequest(), seconds,
                windowReadings.sum(), windowRequests.sum(), windowErrors.sum(), windowReadings.sum() / seconds,
                millis(histogram.getValueAtPercentile(50)), millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getMaxValue()), CpuMeter.between(cpuStart, cpuEnd), acknowledged.sum(),
                duplicates.sum(), inDoubt.sum(), refused.sum(), List.copyOf(errorSamples),
                devices.stream().map(BenchDevice::objectId).toList());
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
