package dev.pifleet.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of telemetry-ingest ({@code pifleet.ingest.*}). */
@ConfigMapping(prefix = "pifleet.ingest")
public interface IngestConfig {

    /** Readings older than this are refused (contract default: 30 days). */
    @WithDefault("30d")
    Duration maxReadingAge();

    /** How far ahead of the server's clock a reading's timestamp may be. */
    @WithDefault("5m")
    Duration maxFutureSkew();

    KeyCache keyCache();

    /** At most one Device status/lastSeen write per device per this interval. */
    @WithDefault("5s")
    Duration lastSeenInterval();

    GroupCommit groupCommit();

    RateLimit rateLimit();

    interface KeyCache {
        /** How long a resolved key is trusted: the longest a rotated or revoked key keeps working. */
        @WithDefault("5s")
        Duration ttl();

        /** How long an unknown key is refused without asking Parse again. */
        @WithDefault("5s")
        Duration negativeTtl();

        @WithDefault("100000")
        long maxSize();
    }

    interface GroupCommit {
        /** Readings per Parse {@code /batch}. */
        @WithDefault("50")
        int batchSize();

        /** How long a reading waits for more to share its batch, counted from its arrival. */
        @WithDefault("1ms")
        Duration linger();

        /**
         * Batches sent to Parse at the same time. Parse is single-threaded: more batches in flight do not add
         * capacity, they only make each batch smaller; two keep one batch filling while the other is stored.
         */
        @WithDefault("2")
        int maxInFlight();

        /** Readings waiting to be written; beyond it requests are answered 503. */
        @WithDefault("20000")
        int queueCapacity();

        /** How long a request waits for its readings to be stored before it answers 503. */
        @WithDefault("10s")
        Duration writeTimeout();

        /** Tries per batch, counting retries after a broken connection or a Parse outage. */
        @WithDefault("5")
        int attempts();

        /** Retry-After sent with a 503 when the queue is full or Parse cannot store. */
        @WithDefault("5s")
        Duration retryAfter();
    }

    interface RateLimit {
        /** Sustained readings per second per device. */
        @WithDefault("50")
        double readingsPerSecond();

        /** Readings a device may send at once (at least the batch maximum of 500). */
        @WithDefault("1000")
        int burst();
    }
}
