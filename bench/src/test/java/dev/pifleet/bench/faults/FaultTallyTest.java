package dev.pifleet.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultTallyTest {

    @Test
    void everyAcknowledgedIdStoredOnceIsClean() {
        FaultTally tally = FaultTally.of(List.of("a", "b", "c"), Map.of("a", 1L, "b", 1L, "c", 1L));

        assertThat(tally).isEqualTo(new FaultTally(3, 3, 0, 0, 0));
        assertThat(tally.ok()).isTrue();
    }

    @Test
    void anAcknowledgedIdWithoutARowIsLost() {
        FaultTally tally = FaultTally.of(List.of("a", "b", "c"), Map.of("a", 1L, "c", 1L));

        assertThat(tally.lost()).isEqualTo(1);
        assertThat(tally.stored()).isEqualTo(2);
        assertThat(tally.ok()).isFalse();
    }

    @Test
    void rowsBeyondTheFirstAreDuplicates() {
        FaultTally tally = FaultTally.of(List.of("a", "b"), Map.of("a", 3L, "b", 2L));

        assertThat(tally.duplicated()).isEqualTo(3);
        assertThat(tally.lost()).isZero();
        assertThat(tally.stored()).isEqualTo(2);
        assertThat(tally.ok()).isFalse();
    }

    @Test
    void anIdAcknowledgedTwiceCountsOnce() {
        // A resend after a lost answer comes back as a duplicate: acknowledged again, still one reading.
        FaultTally tally = FaultTally.of(List.of("a", "a", "b"), Map.of("a", 1L, "b", 1L));

        assertThat(tally.acknowledged()).isEqualTo(2);
        assertThat(tally.ok()).isTrue();
    }

    @Test
    void aStoredIdNobodySawAcknowledgedIsReportedButNotAnError() {
        FaultTally tally = FaultTally.of(List.of("a"), Map.of("a", 1L, "z", 1L));

        assertThat(tally.storedUnacknowledged()).isEqualTo(1);
        assertThat(tally.ok()).isTrue();
    }
}
