package dev.pifleet.ingest.rollup;

import dev.pifleet.sensorlog.JobStore;
import dev.pifleet.sensorlog.ReadingPages;
import dev.pifleet.sensorlog.Resolution;
import dev.pifleet.sensorlog.Rollup;
import dev.pifleet.sensorlog.RollupChunk;
import dev.pifleet.sensorlog.RollupKey;
import dev.pifleet.sensorlog.RollupProgress;
import dev.pifleet.sensorlog.RollupStore;
import dev.pifleet.sensorlog.RollupWindow;
import dev.pifleet.sensorlog.RowPosition;
import dev.pifleet.sensorlog.SensorLogStore;
import dev.pifleet.sensorlog.Stats;
import dev.pifleet.sensorlog.StoredReading;
import dev.pifleet.parse.ParseQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The rollup job's second look. Parse stamps a reading's createdAt before its insert commits; the job reads only rows
 * stamped more than {@code lag} ago, so a row that became visible later than that (PostgreSQL holding a commit) would
 * be in the raw readings but never in the summaries. So each chunk's window of createdAt and its row count are written
 * down, counted again {@code audit-after} later, and when the count grew, every hour the window's rows touch is
 * rebuilt from the raw readings the job has passed, and its day from its hours. Runs inside the job's slot, between
 * chunks, so nothing else writes summaries meanwhile.
 */
@ApplicationScoped
public class RollupAudit {

    private static final Logger LOG = Logger.getLogger(RollupAudit.class);
    /** Windows counted again per run at most. */
    static final int WINDOWS_PER_RUN = 20;

    private final SensorLogStore readings;
    private final RollupStore rollups;
    private final JobStore jobs;
    private final RollupConfig config;
    private final int pageSize;
    private final Counter grown;
    private final Counter rebuilt;

    RollupAudit(SensorLogStore readings, RollupStore rollups, JobStore jobs, RollupConfig config, MeterRegistry metrics) {
        this.readings = readings;
        this.rollups = rollups;
        this.jobs = jobs;
        this.config = config;
        this.pageSize = ParseQuery.MAX_LIMIT - 1;
        this.grown = Counter.builder("pifleet.rollup.audit.windows.grown")
                .description("Rollup windows that held more readings when counted again than when summarised").register(metrics);
        this.rebuilt = Counter.builder("pifleet.rollup.audit.hours.rebuilt")
                .description("Hour summaries rebuilt from raw readings after a window grew").register(metrics);
    }

    /** Writes down the window a chunk just covered, to be counted again later. */
    void record(RollupWindow window, Instant now) {
        jobs.recordWindow(window, now.plus(config.auditAfter()));
    }

    /** Counts the due windows again and rebuilds what grew; {@code progress} has no chunk pending. */
    void checkDue(RollupProgress progress, Instant now) {
        for (RollupWindow window : jobs.dueWindows(now, WINDOWS_PER_RUN)) {
            long count = readings.countStored(window.from(), window.to());
            if (count > window.count() && progress.done() != null) {
                grown.increment();
                LOG.infof("rollup window %d held %d readings, now %d: rebuilding the hours it touches", window.seq(),
                        window.count(), count);
                rebuild(touchedHours(window), progress);
            }
            jobs.forgetWindow(window);
        }
    }

    private Set<RollupKey> touchedHours(RollupWindow window) {
        Set<RollupKey> hours = new LinkedHashSet<>();
        ReadingPages.forEach((after, limit) -> readings.storedBetween(window.from(), window.to(), after, limit),
                RowPosition::stored, pageSize, reading -> hours.add(new RollupKey(reading.deviceObjectId(),
                        Resolution.HOUR, Resolution.HOUR.bucketOf(reading.timestamp()))));
        return hours;
    }

    /**
     * Each hour again from the raw readings the job has passed (stored at or before {@code done}; later ones are
     * added by the chunks to come), then each touched day as the sum of its hours.
     */
    private void rebuild(Set<RollupKey> hours, RollupProgress progress) {
        RowPosition done = progress.done();
        Map<String, Rollup> stored = rollups.find(hours);
        List<Rollup> hourRows = new ArrayList<>();
        Set<RollupKey> days = new LinkedHashSet<>();
        for (RollupKey hour : hours) {
            List<StoredReading> passed = hourReadings(hour).stream().filter(reading -> notAfter(reading, done)).toList();
            Rollup fresh = new RollupChunk(progress.seq(), passed).mergeInto(Map.of()).stream()
                    .filter(row -> row.key().equals(hour)).findFirst()
                    .orElse(new Rollup(null, hour, Map.of(), Map.of(), progress.seq()));
            Rollup existing = stored.get(hour.text());
            hourRows.add(new Rollup(existing == null ? null : existing.objectId(), hour, fresh.sensors(), fresh.minutes(),
                    progress.seq()));
            days.add(new RollupKey(hour.deviceObjectId(), Resolution.DAY, Resolution.DAY.bucketOf(hour.bucket())));
        }
        rollups.save(hourRows);
        rebuilt.increment(hourRows.size());
        Map<String, Rollup> storedDays = rollups.find(days);
        List<Rollup> dayRows = new ArrayList<>();
        for (RollupKey day : days) {
            Map<String, Stats> sensors = new LinkedHashMap<>();
            for (Rollup hour : rollups.range(day.deviceObjectId(), Resolution.HOUR, day.bucket(),
                    day.bucket().plusSeconds(Resolution.DAY.seconds()), pageSize)) {
                hour.sensors().forEach((name, stats) -> sensors.merge(name, stats, Stats::plus));
            }
            Rollup existing = storedDays.get(day.text());
            dayRows.add(new Rollup(existing == null ? null : existing.objectId(), day, sensors, Map.of(), progress.seq()));
        }
        rollups.save(dayRows);
    }

    private List<StoredReading> hourReadings(RollupKey hour) {
        List<StoredReading> all = new ArrayList<>();
        Instant end = hour.bucket().plusSeconds(Resolution.HOUR.seconds());
        ReadingPages.forEach((after, limit) -> readings.page(hour.deviceObjectId(), hour.bucket(), end, after, limit),
                RowPosition::taken, pageSize, all::add);
        return all;
    }

    private static boolean notAfter(StoredReading reading, RowPosition done) {
        int byTime = reading.createdAt().compareTo(done.at());
        return byTime < 0 || byTime == 0 && reading.objectId().compareTo(done.objectId()) <= 0;
    }
}
