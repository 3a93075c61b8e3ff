package dev.pifleet.ingest.rollup;

import dev.pifleet.sensorlog.JobStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One replica at a time runs a background job: time is cut into slots, and the replica whose lease create wins
 * (Parse's unique index on job and slot) runs the job until its slot ends. Replicas' clocks must agree to well
 * within a slot (NTP).
 */
@ApplicationScoped
public class SlotLease {

    /** Leases of slots older than this many are deleted by the next winner. */
    private static final int KEPT_SLOTS = 10;

    private final JobStore jobs;
    private final Map<String, Long> held = new ConcurrentHashMap<>();

    SlotLease(JobStore jobs) {
        this.jobs = jobs;
    }

    /** When this replica holds the job's current slot, the slot's end. */
    public Optional<Instant> hold(String job, Duration slotLength, Instant now) {
        long length = slotLength.toMillis();
        long slot = Math.floorDiv(now.toEpochMilli(), length);
        Instant end = Instant.ofEpochMilli((slot + 1) * length);
        Long current = held.get(job);
        if (current != null && current == slot) {
            return Optional.of(end);
        }
        if (!jobs.tryLease(job, slot)) {
            return Optional.empty();
        }
        held.put(job, slot);
        jobs.forgetLeases(job, slot - KEPT_SLOTS);
        return Optional.of(end);
    }
}
