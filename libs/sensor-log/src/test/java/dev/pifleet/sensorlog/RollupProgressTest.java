package dev.pifleet.sensorlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RollupProgressTest {

    private static final Instant UP_TO = Instant.parse("2026-11-01T10:00:00Z");

    @Test
    void aPendingChunkTakesTheNextNumberAndKeepsItsBounds() {
        RollupProgress pending = RollupProgress.START.withPendingChunk(UP_TO);

        assertThat(pending.hasPendingChunk()).isTrue();
        assertThat(pending.pendingSeq()).isEqualTo(1);
        assertThat(pending.pendingUpTo()).isEqualTo(UP_TO);
        assertThat(pending.seq()).isZero();
        assertThat(RollupProgress.START.hasPendingChunk()).isFalse();
    }

    @Test
    void aChunkThatWasNotFullCoversEverythingUpToItsBound() {
        RowPosition last = new RowPosition(UP_TO.minusSeconds(5), "abc");
        RollupProgress applied = RollupProgress.START.withPendingChunk(UP_TO).chunkApplied(last, false);

        assertThat(applied.done()).isEqualTo(last);
        assertThat(applied.coveredUntil()).isEqualTo(UP_TO);
        assertThat(applied.seq()).isEqualTo(1);
        assertThat(applied.hasPendingChunk()).isFalse();
    }

    @Test
    void aFullChunkCoversOnlyUpToJustBeforeItsLastRowsMillisecond() {
        RowPosition last = new RowPosition(UP_TO.minusSeconds(5), "abc");
        RollupProgress applied = RollupProgress.START.withPendingChunk(UP_TO).chunkApplied(last, true);

        // Rows stored in the same millisecond as the last one may still follow in the next chunk.
        assertThat(applied.coveredUntil()).isEqualTo(last.at().minusMillis(1));
        assertThat(applied.done()).isEqualTo(last);
    }

    @Test
    void anEmptyChunkKeepsItsPlaceAndCoverageNeverGoesBack() {
        RowPosition done = new RowPosition(UP_TO.minusSeconds(60), "xyz");
        RollupProgress before = new RollupProgress("p1", done, UP_TO, 4, null, null);

        RollupProgress empty = before.withPendingChunk(UP_TO.minusSeconds(30)).chunkApplied(null, false);

        assertThat(empty.done()).isEqualTo(done);
        assertThat(empty.coveredUntil()).isEqualTo(UP_TO);
        assertThat(empty.seq()).isEqualTo(5);
        assertThat(empty.objectId()).isEqualTo("p1");
    }
}
