package dev.pifleet.ingest.rollup;

import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.ParseUnavailableException;
import dev.pifleet.sensorlog.JobStore;
import dev.pifleet.sensorlog.ReadingPages;
import dev.pifleet.sensorlog.RollupChunk;
import dev.pifleet.sensorlog.RollupProgress;
import dev.pifleet.sensorlog.RollupStore;
import dev.pifleet.sensorlog.RollupWindow;
import dev.pifleet.sensorlog.RowPosition;
import dev.pifleet.sensorlog.SensorLogStore;
import dev.pifleet.sensorlog.StoredReading;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Keeps the minute, hour and day summaries (SensorRollup) of every stored reading. It reads SensorLog in the order
 * Parse stored the rows (createdAt, objectId) from where it stopped, so each row is summarised once whatever its
 * timestamp, and duplicates never reach it (the unique index refused them). Each chunk is numbered and written down
 * before it is applied; summaries carry the number of the last chunk they hold, so a chunk redone after a crash adds
 * nothing twice. One replica runs it per time slot ({@link SlotLease}).
 */
@ApplicationScoped
public class RollupJob {

    static final String JOB = "sensor-rollup";
    private static final Logger LOG = Logger.getLogger(RollupJob.class);

    private final SensorLogStore readings;
    private final RollupStore rollups;
    private final JobStore jobs;
    private final SlotLease lease;
    private final RollupAudit audit;
    private final RollupConfig config;
    private final int pageSize;
    private final Counter summarised;
    private final ReentrantLock running = new ReentrantLock();
    /**
     * {@link #settledBefore} for every series read in the next second: a dashboard refresh would otherwise read
     * JobState once per request. An older value only moves the line back, so a series reads more raw readings and
     * stays exact; the job's own runs here clear it at once.
     */
    private final LoadingCache<String, Instant> settled;

    RollupJob(SensorLogStore readings, RollupStore rollups, JobStore jobs, SlotLease lease, RollupAudit audit,
            RollupConfig config, MeterRegistry metrics) {
        this.audit = audit;
        this.readings = readings;
        this.rollups = rollups;
        this.jobs = jobs;
        this.lease = lease;
        this.config = config;
        this.pageSize = ParseQuery.MAX_LIMIT - 1;
        this.settled = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(1))
                .build(job -> jobs.rollupProgress(job).coveredUntil().minus(config.lateness()));
        this.summarised = Counter.builder("pifleet.rollup.readings").description("Readings added to the summaries")
                .register(metrics);
    }

    @Scheduled(identity = JOB, every = "${pifleet.rollup.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            Optional<Instant> slotEnd = lease.hold(JOB, config.slot(), Instant.now());
            slotEnd.ifPresent(end -> catchUp(end.minus(config.slot().dividedBy(4))));
        } catch (ParseUnavailableException unavailable) {
            LOG.warnf("rollups paused, Parse Server is unavailable (the next run continues): %s", unavailable.getMessage());
        } catch (RuntimeException e) {
            LOG.error("rollups failed; the next run redoes the chunk", e);
        }
    }

    /** Applies chunks until every row older than the lag is summarised, the deadline passes or the run's limit. */
    public void catchUp(Instant deadline) {
        running.lock();
        try {
            RollupProgress progress = checkWindows(Instant.now());
            for (int chunk = 0; chunk < config.maxChunksPerRun() && Instant.now().isBefore(deadline); chunk++) {
                // A chunk left pending (a run that failed midway, e.g. while Parse was down) ends at that run's
                // bound, long past: once it is redone, the rows since then still wait for a chunk of their own.
                boolean redo = progress.hasPendingChunk();
                if (!redo) {
                    progress = jobs.save(JOB, progress.withPendingChunk(Instant.now().minus(config.lag())));
                }
                // Counted before the rows are read: a row that becomes visible in between is summarised but not
                // counted, so the audit's second count can only err towards an extra rebuild, never a missed one.
                Instant from = progress.coveredUntil();
                long visible = readings.countStored(from, progress.pendingUpTo());
                List<StoredReading> rows = chunk(progress);
                RollupChunk summaries = new RollupChunk(progress.pendingSeq(), rows);
                rollups.save(summaries.mergeInto(rollups.find(summaries.keys())));
                boolean full = rows.size() == config.chunkSize();
                RowPosition last = rows.isEmpty() ? null : RowPosition.stored(rows.getLast());
                long seq = progress.pendingSeq();
                progress = jobs.save(JOB, progress.chunkApplied(last, full));
                // A full chunk covers less than its bound: its window ends where it stopped, counted now.
                long held = full ? readings.countStored(from, progress.coveredUntil()) : visible;
                audit.record(new RollupWindow(null, seq, from, progress.coveredUntil(), held), Instant.now());
                summarised.increment(rows.size());
                if (!full && !redo) {
                    return;
                }
            }
        } finally {
            settled.invalidateAll();
            running.unlock();
        }
    }

    /**
     * Counts again the windows due by {@code now} and rebuilds the hours of those that grew ({@link RollupAudit});
     * each run does it first. Not while a chunk is pending (a crash left one): its redo comes first.
     */
    public RollupProgress checkWindows(Instant now) {
        running.lock();
        try {
            RollupProgress progress = jobs.rollupProgress(JOB);
            if (!progress.hasPendingChunk()) {
                audit.checkDue(progress, now);
            }
            return progress;
        } finally {
            running.unlock();
        }
    }

    /**
     * The pending chunk's rows, read in pages (Parse caps a query at its maxLimit). Big chunks keep the summary
     * writes few: a chunk writes each touched hour and day once, however many of its readings they hold.
     */
    private List<StoredReading> chunk(RollupProgress progress) {
        List<StoredReading> rows = new ArrayList<>();
        ReadingPages.forEach((after, limit) -> readings.storedAfter(after, progress.pendingUpTo(), limit),
                RowPosition::stored, progress.done(), config.chunkSize(), pageSize, rows::add);
        return rows;
    }

    /**
     * Readings taken before this are in the summaries unless they reached Parse later than the lateness allows;
     * series read later ones raw.
     */
    public Instant settledBefore() {
        return settled.get(JOB);
    }
}
