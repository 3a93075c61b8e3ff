package dev.pifleet.bench;

import dev.pifleet.bench.HttpJson.HttpFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs one workload as a closed loop: a fixed number of workers, each with exactly one request in flight and
 * sending the next as soon as the last completes, first for a warm-up and then for the measurement window.
 * Only requests that complete inside the window are counted. Bounded twice: by time (the window's end, plus the
 * request timeout for requests still in flight) and by a total request count.
 */
final class ClosedLoop {

    private static final long MAX_REQUESTS_PER_PHASE = 5_000_000;
    private static final int MAX_ERROR_SAMPLES = 5;
    private static final long HIGHEST_MICROS = Duration.ofMinutes(2).toNanos() / 1000;
    private static final long ERROR_PAUSE_MILLIS = 20;

    private final Vertx vertx;
    private final CpuMeter cpuMeter;

    ClosedLoop(Vertx vertx, CpuMeter cpuMeter) {
        this.vertx = vertx;
        this.cpuMeter = cpuMeter;
    }

    /**
     * @param ingestMetrics  the ingest service's batch counters, read around the window; null for the baselines
     * @param fixedBatchSize readings per Parse request of a baseline (its batch size, or 1)
     */
    PhaseResult run(String phase, int concurrency, int round, Workload workload, List<BenchDevice> devices,
            Duration warmup, Duration measurement, IngestMetrics ingestMetrics, double fixedBatchSize)
            throws InterruptedException {
        long measureStart = System.nanoTime() + warmup.toNanos();
        Run run = new Run(workload, devices, measureStart, measureStart + measurement.toNanos(), concurrency);
        for (int i = 0; i < concurrency; i++) {
            run.next();
        }
        sleepUntil(run.measureStart);
        CpuMeter.Snapshot cpuStart = cpuMeter.snapshot();
        IngestMetrics.Batches batchesStart = ingestMetrics == null ? IngestMetrics.Batches.NONE : ingestMetrics.read();
        sleepUntil(run.measureEnd);
        CpuMeter.Snapshot cpuEnd = cpuMeter.snapshot();
        IngestMetrics.Batches batchesEnd = ingestMetrics == null ? IngestMetrics.Batches.NONE : ingestMetrics.read();
        double readingsPerBatch = ingestMetrics == null ? fixedBatchSize : batchesEnd.meanSizeSince(batchesStart);
        double parseRoundTripMillis = batchesEnd.meanRoundTripMillisSince(batchesStart);
        if (!run.workersDone.await(HttpJson.REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
            run.errorSamples.add("some requests were still unanswered after the request timeout");
        }

        Histogram histogram = run.latencies.getIntervalHistogram();
        double seconds = measurement.toNanos() / 1e9;
        long readings = run.windowReadings.sum();
        return new PhaseResult(phase, concurrency, round, workload.readingsPerRequest(), seconds, readings,
                run.windowRequests.sum(), run.windowErrors.sum(), readings / seconds,
                millis(histogram.getValueAtPercentile(50)), millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getMaxValue()), CpuMeter.between(cpuStart, cpuEnd), readingsPerBatch, parseRoundTripMillis,
                run.acknowledged.sum(),
                run.duplicates.sum(), run.inDoubt.sum(), run.refused.sum(), List.copyOf(run.errorSamples),
                devices.stream().map(BenchDevice::objectId).toList());
    }

    /** The state of one phase; its callbacks run on the client's event loop. */
    private final class Run {
        final Workload workload;
        final List<BenchDevice> devices;
        final long measureStart;
        final long measureEnd;
        final CountDownLatch workersDone;
        final Recorder latencies = new Recorder(HIGHEST_MICROS, 3);
        final LongAdder windowReadings = new LongAdder();
        final LongAdder windowRequests = new LongAdder();
        final LongAdder windowErrors = new LongAdder();
        final LongAdder acknowledged = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder inDoubt = new LongAdder();
        final LongAdder refused = new LongAdder();
        final List<String> errorSamples = new CopyOnWriteArrayList<>();
        final AtomicLong sent = new AtomicLong();

        Run(Workload workload, List<BenchDevice> devices, long measureStart, long measureEnd, int workers) {
            this.workload = workload;
            this.devices = devices;
            this.measureStart = measureStart;
            this.measureEnd = measureEnd;
            this.workersDone = new CountDownLatch(workers);
        }

        /** One worker's next request, or its end when the window is over or the request budget is spent. */
        void next() {
            long number = sent.getAndIncrement();
            if (System.nanoTime() >= measureEnd || number >= MAX_REQUESTS_PER_PHASE) {
                workersDone.countDown();
                return;
            }
            // Round-robin over the devices spreads the load evenly, so no device hits a per-device rate limit first.
            BenchDevice device = devices.get((int) (number % devices.size()));
            long started = System.nanoTime();
            Future<Workload.Ack> answer;
            try {
                answer = workload.send(device);
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
            answer.onComplete(result -> {
                long finished = System.nanoTime();
                boolean inWindow = finished >= measureStart && finished < measureEnd;
                if (result.succeeded()) {
                    Workload.Ack ack = result.result();
                    acknowledged.add(ack.accepted());
                    duplicates.add(ack.duplicates());
                    if (inWindow) {
                        latencies.recordValue(Math.min(HIGHEST_MICROS, (finished - started) / 1000));
                        windowReadings.add(ack.accepted());
                        windowRequests.increment();
                    }
                    next();
                    return;
                }
                Throwable error = result.cause();
                if (error instanceof HttpFailure failure && failure.refused()) {
                    refused.increment();
                } else {
                    // A timeout, a reset or a 5xx may still have stored the readings.
                    inDoubt.add(workload.readingsPerRequest());
                }
                if (inWindow) {
                    windowErrors.increment();
                }
                if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                    errorSamples.add(error.getClass().getSimpleName() + ": " + error.getMessage());
                }
                // No hot spin against a server that refuses (429) or is overloaded (503).
                vertx.setTimer(ERROR_PAUSE_MILLIS, timer -> next());
            });
        }
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
}
