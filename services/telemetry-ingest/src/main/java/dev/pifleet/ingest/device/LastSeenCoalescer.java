package dev.pifleet.ingest.device;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.ingest.IngestConfig;
import io.quarkus.virtual.threads.VirtualThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;

/**
 * Keeps {@code Device.status = online} and {@code lastSeen} true with at most one Device write per device per
 * {@code pifleet.ingest.last-seen-interval}. A device not written within that interval is written at once, so a
 * device the registry swept to offline (after minutes of silence) shows online again on its first message.
 */
@ApplicationScoped
public class LastSeenCoalescer {

    private static final Logger LOG = Logger.getLogger(LastSeenCoalescer.class);

    private final DeviceStore devices;
    private final Cache<String, Instant> recentlyMarked;
    private final ExecutorService background;

    LastSeenCoalescer(DeviceStore devices, IngestConfig config, @VirtualThreads ExecutorService background) {
        this.devices = devices;
        this.background = background;
        this.recentlyMarked = Caffeine.newBuilder().expireAfterWrite(config.lastSeenInterval()).build();
    }

    /**
     * Marks the device seen now, waiting for the write when one is due (heartbeats want it visible at once);
     * a failed write propagates, so the heartbeat is answered 503.
     */
    public void markSeen(DeviceIdentity device) {
        Instant now = Instant.now();
        if (claimWrite(device, now)) {
            write(device, now);
        }
    }

    /** Marks the device seen without delaying the caller (readings are answered as soon as they are stored). */
    public void markSeenLater(DeviceIdentity device) {
        Instant now = Instant.now();
        if (claimWrite(device, now)) {
            background.execute(() -> {
                try {
                    write(device, now);
                } catch (RuntimeException failed) {
                    LOG.warnf("could not mark device %s online: %s", device.deviceId(), failed.getMessage());
                }
            });
        }
    }

    private boolean claimWrite(DeviceIdentity device, Instant now) {
        return recentlyMarked.asMap().putIfAbsent(device.objectId(), now) == null;
    }

    private void write(DeviceIdentity device, Instant now) {
        try {
            if (!devices.markSeen(device.objectId(), now)) {
                LOG.debugf("device %s was deleted before its lastSeen write", device.deviceId());
            }
        } catch (RuntimeException failed) {
            // Forget the claim so the device's next message tries again.
            recentlyMarked.invalidate(device.objectId());
            throw failed;
        }
    }
}
