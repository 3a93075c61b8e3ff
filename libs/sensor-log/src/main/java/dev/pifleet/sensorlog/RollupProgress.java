package dev.pifleet.sensorlog;

import java.time.Instant;

/**
 * How far the rollup job got. Every SensorLog row stored at or before {@code done} (by createdAt, objectId) is in
 * the rollups, and so is every row stored up to {@code coveredUntil}. {@code seq} numbers the chunks applied.
 * A chunk in progress is written down first ({@code pendingSeq}, {@code pendingUpTo}), so that after a crash it
 * is redone with the same bounds and the same number, which the rollup rows it already reached skip.
 */
public record RollupProgress(String objectId, RowPosition done, Instant coveredUntil, long seq, Long pendingSeq,
        Instant pendingUpTo) {

    public static final RollupProgress START = new RollupProgress(null, null, Instant.EPOCH, 0, null, null);

    public boolean hasPendingChunk() {
        return pendingSeq != null;
    }

    public RollupProgress withPendingChunk(Instant upTo) {
        return new RollupProgress(objectId, done, coveredUntil, seq, seq + 1, upTo);
    }

    /** The pending chunk is applied; {@code last} is its last row, or null when it was empty. */
    public RollupProgress chunkApplied(RowPosition last, boolean full) {
        RowPosition newDone = last == null ? done : last;
        // A full chunk may have left rows stored in the same millisecond as its last one.
        Instant covered = full ? last.at().minusMillis(1) : pendingUpTo;
        return new RollupProgress(objectId, newDone, covered.isAfter(coveredUntil) ? covered : coveredUntil,
                pendingSeq, null, null);
    }
}
