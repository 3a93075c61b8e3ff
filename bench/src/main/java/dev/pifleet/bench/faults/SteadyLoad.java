package dev.pifleet.bench.faults;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pifleet.bench.BenchDevice;
import dev.pifleet.bench.HttpJson;
import dev.pifleet.bench.ParseRest;
import dev.pifleet.bench.Readings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Paced batches of readings with ids, one worker per device, sent the way a well-behaved device sends them: a batch
 * that is not acknowledged is resent, unchanged and with the same ids, until it is (a 503, a reset, a closed MQTT
 * connection or a timeout may have stored some of it; the resend turns those into duplicates). The {@link Sender}
 * is the path: {@code POST /api/device/data} ({@link HttpSender}) or QoS 1 PUBLISHes ({@link MqttSender}).
 * Bounded by a hard deadline; {@link #stop} lets each worker finish the batch it holds.
 */
final class SteadyLoad {

    /** One attempt at a batch: returns once every reading of it is acknowledged (stored or a duplicate). */
    interface Sender {
        void send(BenchDevice device, String body, int readings) throws SendFailure, InterruptedException;
    }

    /** An attempt that was not acknowledged; {@code permanent}: refused for good, not to be resent. */
    static final class SendFailure extends Exception {
        final String kind;
        final String sample;
        final boolean permanent;

        SendFailure(String kind, String sample, boolean permanent) {
            super(kind, null, false, false);
            this.kind = kind;
            this.sample = sample;
            this.permanent = permanent;
        }
    }

    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final Sender sender;
    private final List<BenchDevice> devices;
    private final int batchSize;
    private final Duration period;
    private final long hardDeadline;
    private final String idPrefix;

    private final Set<String> acknowledgedIds = ConcurrentHashMap.newKeySet();
    private final ConcurrentSkipListSet<Long> ackTimes = new ConcurrentSkipListSet<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<String, String> failureSamples = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong refusedReadings = new AtomicLong();
    private final CountDownLatch workersDone;
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean stopping;

    /** @param hardLimit the longest the load may run, retries of its last batches included */
    SteadyLoad(Sender sender, List<BenchDevice> devices, int batchSize, Duration period, Duration hardLimit,
            String idPrefix) {
        this.sender = sender;
        this.devices = List.copyOf(devices);
        this.batchSize = batchSize;
        this.period = period;
        this.hardDeadline = System.nanoTime() + hardLimit.toNanos();
        this.idPrefix = idPrefix;
        this.workersDone = new CountDownLatch(devices.size());
    }

    void start() {
        for (BenchDevice device : devices) {
            Thread.ofVirtual().name("load-" + device.deviceId()).start(() -> {
                try {
                    work(device);
                } finally {
                    workersDone.countDown();
                }
            });
        }
    }

    /** Stops taking new batches and waits (bounded by the hard deadline) until every held batch is answered. */
    boolean stop() throws InterruptedException {
        stopping = true;
        long left = hardDeadline - System.nanoTime();
        return workersDone.await(Math.max(0, left) + TimeUnit.SECONDS.toNanos(HttpJson.REQUEST_TIMEOUT.toSeconds() + 5),
                TimeUnit.NANOSECONDS);
    }

    Set<String> acknowledgedIds() {
        return Set.copyOf(acknowledgedIds);
    }

    /** The first acknowledgement at or after {@code nanoTime}, as a {@link System#nanoTime()} value. */
    Optional<Long> firstAckAfter(long nanoTime) {
        return Optional.ofNullable(ackTimes.ceiling(nanoTime));
    }

    long acknowledgementsBetween(long fromNanos, long toNanos) {
        return ackTimes.subSet(fromNanos, toNanos).size();
    }

    long requests() {
        return requests.get();
    }

    long refusedReadings() {
        return refusedReadings.get();
    }

    /** Failed attempts by kind ({@code 503}, {@code IOException}, ...), for the report. */
    Map<String, Long> failures() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((kind, count) -> copy.put(kind, count.get()));
        return copy;
    }

    private void work(BenchDevice device) {
        long next = System.nanoTime();
        while (!stopping && System.nanoTime() < hardDeadline) {
            List<String> ids = new ArrayList<>(batchSize);
            String body = body(ids);
            sendUntilAnswered(device, body, ids);
            next += period.toNanos();
            sleepNanos(next - System.nanoTime());
        }
    }

    private void sendUntilAnswered(BenchDevice device, String body, List<String> ids) {
        while (System.nanoTime() < hardDeadline) {
            requests.incrementAndGet();
            try {
                sender.send(device, body, ids.size());
                acknowledgedIds.addAll(ids);
                ackTimes.add(System.nanoTime());
                return;
            } catch (SendFailure failed) {
                failure(failed.kind, failed.sample);
                if (failed.permanent) {
                    // Refused for good (a 4xx other than 429): nothing stored, and a resend would not change it.
                    refusedReadings.addAndGet(ids.size());
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleepNanos(RETRY_PAUSE.toNanos());
        }
    }

    private String body(List<String> ids) {
        ObjectNode body = ParseRest.NODES.objectNode();
        ArrayNode readings = body.putArray("readings");
        for (int i = 0; i < batchSize; i++) {
            String id = idPrefix + "-" + sequence.incrementAndGet();
            ids.add(id);
            readings.addObject().put("id", id).put("timestamp", Readings.seedTimestamp())
                    .set("sensors", Readings.sensors());
        }
        return HttpJson.write(body);
    }

    /** The first message of each kind of failure (an answer's body, which never holds a key). */
    Map<String, String> failureSamples() {
        return new TreeMap<>(failureSamples);
    }

    private void failure(String kind, String sample) {
        failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        failureSamples.putIfAbsent(kind, sample);
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
