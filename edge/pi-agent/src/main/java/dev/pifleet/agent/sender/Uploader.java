package dev.pifleet.agent.sender;

import dev.pifleet.agent.cloud.Backoff;
import dev.pifleet.agent.cloud.Attempt;
import dev.pifleet.agent.cloud.CloudReply;
import dev.pifleet.agent.cloud.CloudClient;
import dev.pifleet.agent.credentials.CredentialsStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Moves readings from the buffer to {@code POST /api/device/data}, one batch per step. A batch leaves the buffer only
 * after the ingest's 200 (its ids make a resend after a crash count as duplicates, never as second rows).
 */
public final class Uploader {

    private static final Logger LOG = Logger.getLogger(Uploader.class);

    /** How long to wait before the next step, and whether new readings (or a new key) may cut the wait short. */
    public record Pause(Duration duration, boolean untilNewWork) {
        static final Pause NOW = new Pause(Duration.ZERO, false);
    }

    private final ReadingBuffer buffer;
    private final CloudClient cloud;
    private final CredentialsStore credentials;
    private final IntSupplier batchSize;
    private final Duration idleInterval;
    private final Backoff backoff;
    private volatile Attempt lastAttempt;
    private volatile Instant lastSuccessAt;
    private final LongAdder uploadsOk = new LongAdder();
    private final LongAdder uploadsFailed = new LongAdder();
    private final LongAdder keyRefused = new LongAdder();
    private final LongAdder uploadedReadings = new LongAdder();

    /** What upload-now did: readings the ingest took, readings still buffered, and why it stopped early, if it did. */
    public record Flush(long uploaded, long backlog, Optional<String> error) {
    }

    public Uploader(ReadingBuffer buffer, CloudClient cloud, CredentialsStore credentials, int batchSize,
            Duration idleInterval, Backoff backoff) {
        this(buffer, cloud, credentials, () -> batchSize, idleInterval, backoff);
    }

    /** {@code batchSize} is asked before every batch: the cloud's settings may change it while the agent runs. */
    public Uploader(ReadingBuffer buffer, CloudClient cloud, CredentialsStore credentials, IntSupplier batchSize,
            Duration idleInterval, Backoff backoff) {
        this.buffer = buffer;
        this.cloud = cloud;
        this.credentials = credentials;
        this.batchSize = batchSize;
        this.idleInterval = idleInterval;
        this.backoff = backoff;
    }

    /** Sends at most one batch (or, after a 400, its readings one by one) and says how long to wait next. */
    public synchronized Pause uploadOnce() {
        Optional<String> key = credentials.usableKey();
        if (key.isEmpty()) {
            return idle();
        }
        List<Reading> batch = buffer.oldest(batchSize.getAsInt());
        if (batch.isEmpty()) {
            return idle();
        }
        Pause pause = send(key.get(), batch);
        return pause == Pause.NOW && buffer.size() == 0 ? idle() : pause;
    }

    /**
     * upload-now: batch after batch until the buffer is empty, an upload fails (no waiting out a backoff: the owner
     * gets the error) or the deadline passes.
     */
    public synchronized Flush flush(Instant deadline) {
        long before = uploadedReadings.sum();
        Optional<String> error = Optional.empty();
        while (error.isEmpty()) {
            Optional<String> key = credentials.usableKey();
            List<Reading> batch = buffer.oldest(batchSize.getAsInt());
            if (key.isEmpty()) {
                error = Optional.of("this Pi has no usable key");
            } else if (batch.isEmpty()) {
                break;
            } else if (send(key.get(), batch) != Pause.NOW) {
                error = Optional.of("upload failed: " + lastAttempt().map(Attempt::result).orElse("unknown"));
            } else if (Instant.now().isAfter(deadline)) {
                error = Optional.of("stopped after the time limit with readings left");
            }
        }
        return new Flush(uploadedReadings.sum() - before, buffer.size(), error);
    }

    public Optional<Attempt> lastAttempt() {
        return Optional.ofNullable(lastAttempt);
    }

    public Optional<Instant> lastSuccessAt() {
        return Optional.ofNullable(lastSuccessAt);
    }

    /** Upload requests the ingest answered 200. */
    public long uploadsOk() {
        return uploadsOk.sum();
    }

    /** Upload requests that failed: network errors and every answer but 200 (401s included). */
    public long uploadsFailed() {
        return uploadsFailed.sum();
    }

    /** Upload requests answered 401 or 403: the key is unknown or revoked. */
    public long keyRefused() {
        return keyRefused.sum();
    }

    private Pause send(String key, List<Reading> batch) {
        CloudReply reply;
        try {
            reply = cloud.upload(key, batch);
        } catch (IOException e) {
            uploadsFailed.increment();
            record("network error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return retryLater(Optional.empty());
        }
        if (reply.ok()) {
            uploadsOk.increment();
            uploadedReadings.add(batch.size());
            buffer.remove(batch.stream().map(Reading::id).toList());
            backoff.reset();
            lastSuccessAt = Instant.now();
            record("200 accepted=" + reply.body().path("accepted").asInt(0)
                    + " duplicates=" + reply.body().path("duplicates").asInt(0));
            return Pause.NOW;
        }
        uploadsFailed.increment();
        record(reply.summary());
        if (reply.keyRefused()) {
            keyRefused.increment();
            LOG.warn("the cloud refused this device's key: uploads stop until the Pi is paired again by claim code");
            credentials.markRejected(key);
            return idle();
        }
        if (isInvalid(reply)) {
            return batch.size() == 1 ? rejectForGood(batch.getFirst(), reply) : sendOneByOne(key, batch);
        }
        return retryLater(reply.retryable() ? reply.retryAfter() : Optional.empty());
    }

    /** A batch was refused as invalid: find the reading(s) at fault, keep sending the rest. */
    private Pause sendOneByOne(String key, List<Reading> batch) {
        for (Reading reading : batch) {
            Pause pause = send(key, List.of(reading));
            if (pause != Pause.NOW) {
                return pause;
            }
        }
        return Pause.NOW;
    }

    private Pause rejectForGood(Reading reading, CloudReply reply) {
        LOG.warnf("the ingest refused reading %s as invalid (%s): it is dropped", reading.id(),
                reply.body().path("message").asText(reply.summary()));
        buffer.reject(List.of(reading.id()));
        return Pause.NOW;
    }

    private Pause retryLater(Optional<Duration> retryAfter) {
        return new Pause(backoff.next(retryAfter), false);
    }

    private Pause idle() {
        return new Pause(idleInterval, true);
    }

    private void record(String result) {
        lastAttempt = new Attempt(Instant.now(), result);
    }

    private static boolean isInvalid(CloudReply reply) {
        return reply.status() == 400 || reply.status() == 413 || reply.status() == 422;
    }
}
