package dev.pifleet.ingest.rollup;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Settings of the rollup job ({@code pifleet.rollup.*}); every default is in application.properties. */
@ConfigMapping(prefix = "pifleet.rollup")
public interface RollupConfig {

    /** How often each replica tries to run the job (one replica runs it per slot). */
    Duration interval();

    /** The time slot one replica holds the job for; it stops taking chunks in the slot's last quarter. */
    Duration slot();

    /** Readings read (in pages) and summarised at once: each touched hour and day is written once a chunk. */
    int chunkSize();

    /** Chunks per run at most, so that catching up after an outage leaves Parse room for the ingest. */
    int maxChunksPerRun();

    /**
     * How long after Parse stamped a reading's createdAt it is surely visible: the job reads only rows older than
     * this, so an insert still in flight is not skipped.
     */
    Duration lag();

    /**
     * How long after it was taken a reading normally reaches Parse. Series read raw readings for the part of the
     * range later than (summarised until - lateness); a reading that arrives later than that (from an agent's
     * buffer after an outage) joins the summaries at the job's next run.
     */
    Duration lateness();

    /**
     * How long after a chunk its window of createdAt is counted again ({@link RollupAudit}): a reading that became
     * visible after the job passed it is summarised at most this much later.
     */
    Duration auditAfter();
}
