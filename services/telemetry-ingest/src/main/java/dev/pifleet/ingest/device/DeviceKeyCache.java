package dev.pifleet.ingest.device;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.pifleet.device.ApiKeys;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.devicestore.StoredDevice;
import dev.pifleet.ingest.IngestConfig;
import dev.pifleet.service.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.virtual.threads.VirtualThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Resolves {@code Authorization: Device <key>} to its device by the key's hash. Known keys are cached for
 * {@code pifleet.ingest.key-cache.ttl} (5 s), so a rotated or revoked key keeps working at most that long; while the
 * {@link KeyChangeWatch} runs without a gap, a key found then is kept for {@code watched-ttl} (10 min) instead, and is
 * dropped as soon as a look sees its device's key change (a newer key generation). So idle Pis re-polling every 30 s
 * cost Parse no lookup, and a changed key stops working within about a look's interval (1 s). Unknown keys are
 * remembered apart, in a smaller cache, for {@code negative-ttl} (5 s): a repeated bad key costs
 * Parse one lookup per that interval, a flood of distinct bad keys cannot evict the known ones, and a key issued
 * after it was tried works at most {@code negative-ttl} later. Parse failures are not cached: the next request
 * asks again. Concurrent misses for one key share a single Parse lookup, which runs on a virtual thread: a known
 * key is answered without blocking the caller.
 */
@ApplicationScoped
public class DeviceKeyCache {


    private final DeviceStore devices;
    private final ExecutorService lookups;
    /** A known key's device, the key generation it was found at, and whether the watch covered that lookup. */
    private record Known(DeviceIdentity device, long generation, boolean watched) {
    }

    private final AsyncCache<String, Known> known;
    private final Cache<String, Boolean> unknown;
    /** The newest key generation a look saw per device (objectId): a cached key of an older one is stale. */
    private final Cache<String, Long> changedKeys;
    private final KeyChangeWatch watch;
    private final Counter foundLookups;
    private final Counter unknownLookups;

    DeviceKeyCache(DeviceStore devices, IngestConfig config, @VirtualThreads ExecutorService lookups,
            MeterRegistry metrics, KeyChangeWatch watch) {
        this.devices = devices;
        this.lookups = lookups;
        this.watch = watch;
        IngestConfig.KeyCache settings = config.keyCache();
        this.known = Caffeine.newBuilder()
                .maximumSize(settings.maxSize())
                .expireAfter(Expiry.<String, Known>creating((hash, entry) -> entry.watched() ? settings.watchedTtl() : settings.ttl()))
                .executor(lookups)
                .buildAsync();
        // Kept as long as any cached key can live, so a stale entry always meets the generation that replaced it.
        this.changedKeys = Caffeine.newBuilder()
                .maximumSize(settings.maxSize())
                .expireAfterWrite(settings.watchedTtl().plus(Duration.ofMinutes(1)))
                .build();
        watch.onChanges(this::keysChanged, this::watchInterrupted);
        this.unknown = Caffeine.newBuilder()
                .maximumSize(settings.negativeMaxSize())
                .expireAfterWrite(settings.negativeTtl())
                .build();
        this.foundLookups = lookupCounter(metrics, "found");
        this.unknownLookups = lookupCounter(metrics, "unknown");
    }

    /**
     * The device of the request's key: one 401 answer for a missing, malformed, unknown or revoked key (thrown at
     * once for a missing or malformed one or a key known to be unknown, the stage failing for the others).
     */
    public CompletableFuture<DeviceIdentity> authenticateAsync(String authorization) {
        return authenticateKeyAsync(keyOf(authorization));
    }

    /** The device of a bare API key (MQTT's CONNECT password), with the same cache and answers as the header's. */
    public CompletableFuture<DeviceIdentity> authenticateKeyAsync(String apiKey) {
        if (apiKey == null || !ApiKeys.isWellFormed(apiKey)) {
            throw invalidKey();
        }
        String keyHash = ApiKeys.hash(apiKey);
        if (unknown.getIfPresent(keyHash) != null) {
            throw invalidKey();
        }
        return known.get(keyHash, this::load)
                .thenCompose(entry -> {
                    if (entry != null && isStale(entry)) {
                        // Found before its key changed: ask Parse again (it answers unknown for the old key).
                        known.asMap().remove(keyHash);
                        return known.get(keyHash, this::load);
                    }
                    return CompletableFuture.completedFuture(entry);
                })
                .thenApply(entry -> {
                    if (entry == null || isStale(entry)) {
                        throw invalidKey();
                    }
                    return entry.device();
                });
    }

    /**
     * Whether the cache holds this key as a device's valid key now, so that checking it costs no Parse lookup (the
     * MQTT throttle of wrong keys lets such a key through even when its address has spent its budget).
     */
    public boolean knowsValid(String apiKey) {
        if (apiKey == null || !ApiKeys.isWellFormed(apiKey)) {
            return false;
        }
        CompletableFuture<Known> cached = known.getIfPresent(ApiKeys.hash(apiKey));
        if (cached == null || !cached.isDone() || cached.isCompletedExceptionally()) {
            return false;
        }
        Known entry = cached.getNow(null);
        return entry != null && !isStale(entry);
    }

    /** A miss: one Parse lookup on a virtual thread, shared by concurrent misses of the key. */
    private CompletableFuture<Known> load(String keyHash, java.util.concurrent.Executor unused) {
        return CompletableFuture.supplyAsync(() -> lookUp(keyHash), lookups);
    }

    private boolean isStale(Known entry) {
        Long newest = changedKeys.getIfPresent(entry.device().objectId());
        return newest != null && newest > entry.generation();
    }

    /** A look saw these devices' keys change (objectId → new generation). */
    private void keysChanged(java.util.Map<String, Long> generations) {
        generations.forEach((objectId, generation) -> changedKeys.asMap().merge(objectId, generation, Math::max));
    }

    /** The watch missed (a failed look) or cannot tell which keys changed: no cached key can be trusted. */
    private void watchInterrupted() {
        known.synchronous().invalidateAll();
    }

    private static String keyOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, ApiKeys.AUTHORIZATION_SCHEME, 0, ApiKeys.AUTHORIZATION_SCHEME.length())) {
            throw ApiException.unauthorized("missing_credentials", "send the device key as Authorization: Device <apiKey>");
        }
        return authorization.substring(ApiKeys.AUTHORIZATION_SCHEME.length()).trim();
    }

    /** The key's device, or null (remembered as unknown) when no device has it. */
    private Known lookUp(String keyHash) {
        // Read before the lookup: a key found while the watch covers it stays until a look sees it change.
        boolean watched = watch.covering();
        Known device = devices.findByKeyHash(keyHash)
                .map(row -> new Known(identity(row), row.keyGeneration(), watched && watch.covering()))
                .orElse(null);
        if (device == null) {
            unknownLookups.increment();
            unknown.put(keyHash, Boolean.TRUE);
        } else {
            foundLookups.increment();
        }
        return device;
    }

    private static DeviceIdentity identity(StoredDevice device) {
        return new DeviceIdentity(device.objectId(), device.deviceId(), device.ownerId());
    }

    private static ApiException invalidKey() {
        return ApiException.unauthorized("invalid_api_key", "the device key is not valid");
    }

    private static Counter lookupCounter(MeterRegistry metrics, String result) {
        return Counter.builder("pifleet.ingest.key.lookups").tag("result", result)
                .description("Device key lookups in Parse (cache misses)").register(metrics);
    }
}
