package dev.pifleet.bench.faults;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What became of one fault's readings: the ids the cloud acknowledged against the rows PostgreSQL holds.
 *
 * @param acknowledged          distinct reading ids answered 200 (accepted or duplicate: both mean stored)
 * @param stored                distinct reading ids with at least one row
 * @param lost                  acknowledged ids without a row (must be 0)
 * @param duplicated            rows beyond the first for an id (must be 0)
 * @param storedUnacknowledged  ids stored although no 200 reached the sender (a request that failed after Parse
 *                              stored it); harmless, its resend is a duplicate
 */
public record FaultTally(long acknowledged, long stored, long lost, long duplicated, long storedUnacknowledged) {

    /**
     * @param acknowledgedIds ids the sender saw acknowledged (repeats are counted once)
     * @param rowsPerId       stored rows per reading id, as {@code SELECT "readingId", count(*) ... GROUP BY 1} counts them
     */
    public static FaultTally of(Collection<String> acknowledgedIds, Map<String, Long> rowsPerId) {
        Set<String> acknowledged = new HashSet<>(acknowledgedIds);
        long lost = acknowledged.stream().filter(id -> rowsPerId.getOrDefault(id, 0L) < 1).count();
        long duplicated = rowsPerId.values().stream().mapToLong(rows -> Math.max(0, rows - 1)).sum();
        long stored = rowsPerId.values().stream().filter(rows -> rows > 0).count();
        long unacknowledged = rowsPerId.entrySet().stream()
                .filter(entry -> entry.getValue() > 0 && !acknowledged.contains(entry.getKey())).count();
        return new FaultTally(acknowledged.size(), stored, lost, duplicated, unacknowledged);
    }

    public boolean ok() {
        return lost == 0 && duplicated == 0;
    }
}
