package dev.pifleet.ingest.device;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.pifleet.device.ApiKeys;
import dev.pifleet.device.DeviceClass;
import dev.pifleet.ingest.IngestConfig;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.service.ApiException;
import io.quarkus.virtual.threads.VirtualThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Resolves {@code Authorization: Device <key>} to its device by the key's hash. Answers are cached for
 * {@code pifleet.ingest.key-cache.ttl} (5 s), so a rotated or revoked key keeps working at most that long;
 * unknown keys are cached for {@code negative-ttl} so a flood of bad keys cannot hammer Parse.
 * Concurrent misses for one key share a single Parse lookup, which runs on a virtual thread: a known key is
 * answered without blocking the caller.
 */
@ApplicationScoped
public class DeviceKeyCache {

    private static final String SCHEME = "Device ";

    private final ParseClient parse;
    private final AsyncLoadingCache<String, Optional<DeviceIdentity>> byKeyHash;

    DeviceKeyCache(ParseClient parse, IngestConfig config, @VirtualThreads ExecutorService lookups) {
        this.parse = parse;
        long knownNanos = config.keyCache().ttl().toNanos();
        long unknownNanos = config.keyCache().negativeTtl().toNanos();
        this.byKeyHash = Caffeine.newBuilder()
                .maximumSize(config.keyCache().maxSize())
                .expireAfter(Expiry.<String, Optional<DeviceIdentity>>creating(
                        (hash, device) -> java.time.Duration.ofNanos(device.isPresent() ? knownNanos : unknownNanos)))
                .executor(lookups)
                .buildAsync(this::lookUp);
    }

    /** The device of the request's key, blocking on a cache miss; see {@link #authenticateAsync}. */
    public DeviceIdentity authenticate(String authorization) {
        try {
            return authenticateAsync(authorization).join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    /**
     * The device of the request's key: one 401 answer for a missing, malformed, unknown or revoked key (thrown at
     * once for a missing or malformed one, the stage failing for the others).
     */
    public CompletableFuture<DeviceIdentity> authenticateAsync(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw ApiException.unauthorized("missing_credentials", "send the device key as Authorization: Device <apiKey>");
        }
        String apiKey = authorization.substring(SCHEME.length()).trim();
        if (!ApiKeys.isWellFormed(apiKey)) {
            throw invalidKey();
        }
        return byKeyHash.get(ApiKeys.hash(apiKey)).thenApply(device -> device.orElseThrow(DeviceKeyCache::invalidKey));
    }

    private Optional<DeviceIdentity> lookUp(String keyHash) {
        return parse.first(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                        .equalTo(DeviceClass.API_KEY_HASH, keyHash)
                        .keys(DeviceClass.DEVICE_ID, DeviceClass.OWNER))
                .map(DeviceKeyCache::identity);
    }

    private static DeviceIdentity identity(ParseObject device) {
        return new DeviceIdentity(device.objectId(), device.getString(DeviceClass.DEVICE_ID),
                device.getPointerId(DeviceClass.OWNER));
    }

    private static ApiException invalidKey() {
        return ApiException.unauthorized("invalid_api_key", "the device key is not valid");
    }
}
