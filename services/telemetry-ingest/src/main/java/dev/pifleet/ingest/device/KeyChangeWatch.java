package dev.pifleet.ingest.device;

import dev.pifleet.device.DeviceClass;
import dev.pifleet.ingest.IngestConfig;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Watches for device keys that changed, so that {@link DeviceKeyCache} may keep keys long: once per
 * {@code pifleet.ingest.key-cache.watch-interval} (1 s) it asks Parse for the devices whose {@code keyChangedAt} is
 * after its previous look (one indexed query, reaching {@code watch-overlap} further back for the registry's clock)
 * and hands their new key generations to the cache. Every key change goes through the Device store's changeKey,
 * which writes both fields. A failed look leaves the window open (the next one covers it too) and tells the cache to
 * drop every key: until looks run again without a gap, keys are kept only for the short {@code ttl}.
 */
@ApplicationScoped
public class KeyChangeWatch {

    private static final Logger LOG = Logger.getLogger(KeyChangeWatch.class);
    /** Rows one look reads; a full answer cannot say which keys changed, so every cached key is dropped. */
    static final int LOOK_LIMIT = 1000;

    private final ParseClient parse;
    private final IngestConfig config;
    private Consumer<Map<String, Long>> changed = generations -> {
    };
    private Runnable interrupted = () -> {
    };
    private Instant lastLook;
    private volatile boolean covering;

    KeyChangeWatch(ParseClient parse, IngestConfig config) {
        this.parse = parse;
        this.config = config;
    }

    /** Where the looks report: the devices whose keys changed, and a gap after which no cached key is sure. */
    void onChanges(Consumer<Map<String, Long>> changed, Runnable interrupted) {
        this.changed = changed;
        this.interrupted = interrupted;
    }

    /** Whether every key change from now on will be seen by a look (looks have run without a gap). */
    public boolean covering() {
        return covering;
    }

    static long generation(ParseObject device) {
        Long generation = device.getLong(DeviceClass.KEY_GENERATION);
        return generation == null ? 0 : generation;
    }

    @Scheduled(identity = "device-key-changes", every = "${pifleet.ingest.key-cache.watch-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void look() {
        Instant now = Instant.now();
        Instant since = (lastLook == null ? now : lastLook).minus(config.keyCache().watchOverlap());
        try {
            List<ParseObject> rows = parse.find(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                    .greaterThan(DeviceClass.KEY_CHANGED_AT, since)
                    .keys(DeviceClass.KEY_GENERATION).limit(LOOK_LIMIT));
            Map<String, Long> generations = new HashMap<>();
            rows.forEach(row -> generations.put(row.objectId(), generation(row)));
            changed.accept(generations);
            if (rows.size() >= LOOK_LIMIT) {
                interrupted.run();
            }
            lastLook = now;
            covering = true;
        } catch (RuntimeException failed) {
            if (covering) {
                covering = false;
                interrupted.run();
            }
            LOG.warnf("device key change look failed (keys are kept %s until looks run again): %s",
                    config.keyCache().ttl(), failed.getMessage());
        }
    }
}
