package dev.pifleet.ingest.data;

import dev.pifleet.alerts.AlertReading;
import dev.pifleet.alerts.ThresholdAlerts;
import dev.pifleet.ingest.IngestConfig;
import dev.pifleet.ingest.device.DeviceIdentity;
import dev.pifleet.ingest.device.LastSeenCoalescer;
import dev.pifleet.ingest.write.GroupCommitWriter;
import dev.pifleet.ingest.write.WriteOutcome;
import dev.pifleet.parse.BatchOperation;
import dev.pifleet.sensorlog.SensorLogStore;
import dev.pifleet.service.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stores a device's readings in SensorLog exactly once and answers only after Parse has them. Nothing here blocks:
 * the answer is a stage that completes when the group commit has stored the readings.
 */
@ApplicationScoped
public class ReadingIngest {

    private final ReadingRules rules;
    private final ReadingRateLimiter rateLimiter;
    private final GroupCommitWriter<BatchOperation> writer;
    private final LastSeenCoalescer lastSeen;
    private final ThresholdAlerts alerts;
    private final Duration writeTimeout;
    private final Duration retryAfter;
    private final Counter accepted;
    private final Counter duplicated;
    private final Counter rateLimited;
    private final Counter unavailable;

    ReadingIngest(ReadingRules rules, ReadingRateLimiter rateLimiter, GroupCommitWriter<BatchOperation> writer,
            LastSeenCoalescer lastSeen, ThresholdAlerts alerts, IngestConfig config, MeterRegistry metrics) {
        this.rules = rules;
        this.rateLimiter = rateLimiter;
        this.writer = writer;
        this.lastSeen = lastSeen;
        this.alerts = alerts;
        this.writeTimeout = config.groupCommit().writeTimeout();
        this.retryAfter = config.groupCommit().retryAfter();
        this.accepted = readings(metrics, "accepted", "stored");
        this.duplicated = readings(metrics, "duplicate", "already_stored");
        this.rateLimited = readings(metrics, "rejected", "rate_limited");
        this.unavailable = readings(metrics, "rejected", "unavailable");
    }

    /** Throws (or fails the stage with) an {@link ApiException} for invalid, rate-limited or unstorable readings. */
    public CompletionStage<DataAnswer> store(DeviceIdentity device, DataRequest request) {
        List<ValidReading> readings = rules.check(request);
        try {
            rateLimiter.take(device.objectId(), readings.size());
        } catch (ApiException limited) {
            rateLimited.increment(readings.size());
            throw limited;
        }
        Map<String, BatchOperation> creates = new LinkedHashMap<>();
        for (ValidReading reading : readings) {
            // A reading without an id gets one, so that retrying its batch after a broken connection stays safe.
            String readingId = reading.readingId() != null ? reading.readingId() : UUID.randomUUID().toString();
            creates.putIfAbsent(readingId, SensorLogStore.create(device.objectId(), device.ownerId(), readingId,
                    reading.timestamp(), reading.sensors()));
        }
        int repeatedInRequest = readings.size() - creates.size();
        CompletableFuture<WriteOutcome> stored;
        try {
            stored = writer.write(List.copyOf(creates.values()));
        } catch (GroupCommitWriter.QueueFullException queueFull) {
            unavailable.increment(readings.size());
            throw ApiException.unavailable("too many readings are waiting to be stored; retry later", retryAfter);
        }
        return stored.orTimeout(writeTimeout.toMillis(), TimeUnit.MILLISECONDS).handle((outcome, failure) -> {
            if (failure != null) {
                unavailable.increment(readings.size());
                throw notStored(failure);
            }
            lastSeen.markSeenLater(device);
            // Threshold alert rules: a map lookup for a device without rules; never waits for Parse.
            if (alerts.watches(device.objectId())) {
                alerts.stored(device.objectId(), readings.stream()
                        .map(reading -> new AlertReading(reading.timestamp(), reading.sensors())).toList());
            }
            accepted.increment(outcome.stored());
            duplicated.increment(outcome.duplicates() + repeatedInRequest);
            return new DataAnswer(true, outcome.stored(), outcome.duplicates() + repeatedInRequest);
        });
    }

    private RuntimeException notStored(Throwable failure) {
        if (failure instanceof TimeoutException) {
            // Not acknowledged, though it may still be stored: the device's retry then counts it as a duplicate.
            return ApiException.unavailable("storing the readings takes too long; retry later", retryAfter);
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }


    private static Counter readings(MeterRegistry metrics, String outcome, String reason) {
        return Counter.builder("pifleet.ingest.readings").tag("outcome", outcome).tag("reason", reason)
                .description("Readings by outcome").register(metrics);
    }
}
