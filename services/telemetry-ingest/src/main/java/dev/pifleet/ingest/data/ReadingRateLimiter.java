package dev.pifleet.ingest.data;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pifleet.ingest.IngestConfig;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * A token bucket of readings per device: {@code rate-limit.readings-per-second} sustained, {@code burst} at once.
 * One misbehaving device cannot take Parse's capacity from the others.
 */
@ApplicationScoped
class ReadingRateLimiter {

    private final double perSecond;
    private final double burst;
    private final Cache<String, TokenBucket> buckets;

    ReadingRateLimiter(IngestConfig config) {
        this.perSecond = config.rateLimit().readingsPerSecond();
        this.burst = config.rateLimit().burst();
        // A bucket idle this long is full again, so forgetting it changes nothing.
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMillis((long) Math.ceil(burst / perSecond * 1000) + 1000))
                .build();
    }

    /** Takes one token per reading, or answers 429 with how long until there are enough. */
    void take(String deviceObjectId, int readings) {
        TokenBucket bucket = buckets.get(deviceObjectId, id -> new TokenBucket(burst, System.nanoTime()));
        double wanted = Math.min(readings, burst);
        double missing;
        synchronized (bucket) {
            long now = System.nanoTime();
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) / 1e9 * perSecond);
            bucket.refilledAt = now;
            missing = wanted - bucket.tokens;
            if (missing <= 0) {
                bucket.tokens -= wanted;
                return;
            }
        }
        throw ApiException.tooManyRequests("this device sends more than " + perSecond + " readings per second",
                Duration.ofMillis((long) Math.ceil(missing / perSecond * 1000)));
    }

    private static final class TokenBucket {
        private double tokens;
        private long refilledAt;

        TokenBucket(double tokens, long refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }
}
