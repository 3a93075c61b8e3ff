package dev.pifleet.ingest;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Settings of telemetry-ingest ({@code pifleet.ingest.*}); every default is in application.properties. */
@ConfigMapping(prefix = "pifleet.ingest")
public interface IngestConfig {

    /** Readings older than this are refused (contract default: 30 days). */
    Duration maxReadingAge();

    /** How far ahead of the server's clock a reading's timestamp may be. */
    Duration maxFutureSkew();

    KeyCache keyCache();

    /** At most one Device status/lastSeen write per device per this interval. */
    Duration lastSeenInterval();

    GroupCommit groupCommit();

    RateLimit rateLimit();

    Series series();

    interface KeyCache {
        /** How long a resolved key is trusted while the key change watch has a gap (its looks fail). */
        Duration ttl();

        /** Known keys remembered at once. */
        long maxSize();

        /** How often the {@code KeyChangeWatch} asks Parse for changed keys: about how long a changed key works. */
        Duration watchInterval();

        /** How much further back than its previous look each look reaches: the registry's clock may lag ours. */
        Duration watchOverlap();

        /** How long a key found while the watch covers it is kept (dropped at once when its key changes). */
        Duration watchedTtl();

        /**
         * How long an unknown key is refused without asking Parse again: also the longest a newly issued key
         * may be refused after it was tried before it existed.
         */
        Duration negativeTtl();

        /** Unknown keys remembered at once; kept apart from the known ones, so a flood of bad keys evicts none. */
        long negativeMaxSize();
    }

    interface GroupCommit {
        /** Readings per Parse {@code /batch}. */
        int batchSize();

        /** How long a reading waits for more to share its batch, counted from its arrival. */
        Duration linger();

        /**
         * Batches sent to Parse at the same time. Parse is single-threaded: more batches in flight do not add
         * capacity, they only make each batch smaller; two keep one batch filling while the other is stored.
         */
        int maxInFlight();

        /** Readings waiting to be written; beyond it requests are answered 503. */
        int queueCapacity();

        /** Estimated bytes of the readings waiting to be written; beyond it requests are answered 503. */
        MemorySize queueMaxBytes();

        /** How long a request waits for its readings to be stored before it answers 503. */
        Duration writeTimeout();

        /** Tries per batch, counting retries after a broken connection or a Parse outage. */
        int attempts();

        /** Retry-After sent with a 503 when the queue is full or Parse cannot store. */
        Duration retryAfter();
    }

    interface RateLimit {
        /** Sustained readings per second per device. */
        double readingsPerSecond();

        /** Readings a device may send at once (at least the batch maximum of 500). */
        int burst();
    }

    interface Series {
        /** Raw readings one series reads at most; beyond it the answer is 400 (under a minute) or 503 (catching up). */
        long maxRawReadings();
    }
}
