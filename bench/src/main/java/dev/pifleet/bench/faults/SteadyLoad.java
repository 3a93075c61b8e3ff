package dev.pifleet.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pifleet.bench.BenchDevice;
import dev.pifleet.bench.HttpJson;
import dev.pifleet.bench.ParseRest;
import dev.pifleet.bench.Readings;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
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
 * Paced batches of readings with ids, one worker per device, sent to {@code POST /api/device/data} the way a
 * well-behaved device sends them: a batch that is not answered 200 is resent, unchanged and with the same ids,
 * until it is (a 503, a reset or a timeout may have stored some of it; the resend turns those into duplicates).
 * Bounded by a hard deadline; {@link #stop} lets each worker finish the batch it holds.
 */
final class SteadyLoad {

    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final HttpJson http;
    private final String dataUrl;
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
    SteadyLoad(HttpJson http, String ingestUrl, List<BenchDevice> devices, int batchSize, Duration period,
            Duration hardLimit, String idPrefix) {
        this.http = http;
        this.dataUrl = ingestUrl + "/api/device/data";
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
                JsonNode answer = HttpJson.await(http.send(HttpMethod.POST, dataUrl, body,
                        "Authorization", "Device " + device.apiKey()));
                if (answer.path("success").asBoolean(false)
                        && answer.path("accepted").asInt() + answer.path("duplicates").asInt() == ids.size()) {
                    acknowledgedIds.addAll(ids);
                    ackTimes.add(System.nanoTime());
                    return;
                }
                failure("200 without all readings: " + answer);
            } catch (IOException e) {
                if (e.getCause() instanceof HttpJson.HttpFailure refused && refused.refused()
                        && refused.status() != 429) {
                    // A 4xx other than 429 stored nothing and will not change on a resend.
                    failure(String.valueOf(refused.status()), refused.getMessage());
                    refusedReadings.addAndGet(ids.size());
                    return;
                }
                if (e.getCause() instanceof HttpJson.HttpFailure answered) {
                    failure(String.valueOf(answered.status()), answered.getMessage());
                } else {
                    failure(kind(e), String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
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

    private void failure(String kind) {
        failure(kind, kind);
    }

    private void failure(String kind, String sample) {
        failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        failureSamples.putIfAbsent(kind, sample);
    }

    private static String kind(IOException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        if (message.contains("Connection refused")) {
            return "connection refused";
        }
        if (message.contains("reset") || message.contains("closed")) {
            return "connection reset/closed";
        }
        if (message.contains("no answer") || cause instanceof java.util.concurrent.TimeoutException
                || message.contains("idle timeout")) {
            return "timeout";
        }
        return cause.getClass().getSimpleName();
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
