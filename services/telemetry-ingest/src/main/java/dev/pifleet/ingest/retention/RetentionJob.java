package dev.pifleet.ingest.retention;

import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.devicestore.StoredDevice;
import dev.pifleet.ingest.rollup.SlotLease;
import dev.pifleet.parse.ParseUnavailableException;
import dev.pifleet.sensorlog.RollupStore;
import dev.pifleet.sensorlog.SensorLogStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Deletes readings older than {@code raw-days} and summaries (hours with their minutes, days) older than
 * {@code rollup-days}, device by device, in bounded batches with a pause after each, so that the ingest keeps
 * Parse. One replica runs it per interval ({@link SlotLease}); a delete of a row already gone counts as done, so
 * runs that overlap are harmless.
 */
@ApplicationScoped
public class RetentionJob {

    static final String JOB = "retention";
    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    private static final int DEVICE_PAGE = 200;

    private final DeviceStore devices;
    private final SensorLogStore readings;
    private final RollupStore rollups;
    private final SlotLease lease;
    private final RetentionConfig config;
    private final Counter rawDeleted;
    private final Counter rollupsDeleted;

    RetentionJob(DeviceStore devices, SensorLogStore readings, RollupStore rollups, SlotLease lease, RetentionConfig config,
            MeterRegistry metrics) {
        this.devices = devices;
        this.readings = readings;
        this.rollups = rollups;
        this.lease = lease;
        this.config = config;
        this.rawDeleted = deleted(metrics, "raw");
        this.rollupsDeleted = deleted(metrics, "rollup");
    }

    @Scheduled(identity = JOB, every = "${pifleet.retention.interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            if (lease.hold(JOB, config.interval(), Instant.now()).isPresent()) {
                runOnce(Instant.now());
            }
        } catch (ParseUnavailableException unavailable) {
            LOG.warnf("retention paused, Parse Server is unavailable (the next run continues): %s", unavailable.getMessage());
        } catch (RuntimeException e) {
            LOG.error("retention failed; the next run continues", e);
        }
    }

    /** One pass over every device; returns the rows deleted. */
    public long runOnce(Instant now) {
        long budget = config.maxDeletesPerRun();
        long deleted = 0;
        String after = null;
        while (deleted < budget) {
            List<StoredDevice> page = devices.page(after, DEVICE_PAGE);
            for (StoredDevice device : page) {
                deleted += trim(device.objectId(), device.deviceId(), now, budget - deleted);
            }
            if (page.size() < DEVICE_PAGE) {
                break;
            }
            after = page.getLast().objectId();
        }
        return deleted;
    }

    private long trim(String objectId, String deviceId, Instant now, long budget) {
        RetentionConfig.Override override = config.devices().get(deviceId);
        int rawDays = override == null ? config.rawDays() : override.rawDays().orElse(config.rawDays());
        int rollupDays = override == null ? config.rollupDays() : override.rollupDays().orElse(config.rollupDays());
        Instant rawCutoff = now.minus(Duration.ofDays(rawDays));
        Instant rollupCutoff = now.minus(Duration.ofDays(rollupDays));
        long deleted = deleteAll(() -> readings.deleteTakenBefore(objectId, rawCutoff, config.batchSize()), rawDeleted, budget);
        deleted += deleteAll(() -> rollups.deleteBefore(objectId, rollupCutoff, config.batchSize()), rollupsDeleted,
                budget - deleted);
        return deleted;
    }

    private long deleteAll(IntSupplier batch, Counter counter, long budget) {
        long deleted = 0;
        while (deleted < budget) {
            int count = batch.getAsInt();
            counter.increment(count);
            deleted += count;
            if (count < config.batchSize()) {
                break;
            }
            pause();
        }
        return deleted;
    }

    private void pause() {
        try {
            Thread.sleep(config.pause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("retention interrupted", interrupted);
        }
    }

    private static Counter deleted(MeterRegistry metrics, String kind) {
        return Counter.builder("pifleet.retention.deleted").tag("kind", kind)
                .description("Rows deleted by retention").register(metrics);
    }
}
