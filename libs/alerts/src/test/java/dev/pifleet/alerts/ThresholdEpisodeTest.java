package dev.pifleet.alerts;

import static dev.pifleet.alerts.ThresholdEpisode.Transition.NONE;
import static dev.pifleet.alerts.ThresholdEpisode.Transition.OPEN;
import static dev.pifleet.alerts.ThresholdEpisode.Transition.RESOLVE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThresholdEpisodeTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void opensAtOnceWhenForSecondsIsZeroAndResolvesPastTheDeadband() {
        ThresholdEpisode above = new ThresholdEpisode(AlertKind.ABOVE, 30, 1, 0);
        assertThat(above.observe(T0, 29.9)).isEqualTo(NONE);
        assertThat(above.observe(T0.plusSeconds(1), 30.5)).isEqualTo(OPEN);
        assertThat(above.observe(T0.plusSeconds(2), 31)).isEqualTo(NONE);
        assertThat(above.observe(T0.plusSeconds(3), 29.5)).as("inside the deadband").isEqualTo(NONE);
        assertThat(above.observe(T0.plusSeconds(4), 29)).isEqualTo(RESOLVE);
    }

    @Test
    void hysteresisStopsAValueHoveringAtTheLineFromFlapping() {
        ThresholdEpisode above = new ThresholdEpisode(AlertKind.ABOVE, 30, 0.5, 0);
        int opens = 0;
        int resolves = 0;
        for (int i = 0; i < 100; i++) {
            var transition = above.observe(T0.plusSeconds(i), i % 2 == 0 ? 30.2 : 29.8);
            opens += transition == OPEN ? 1 : 0;
            resolves += transition == RESOLVE ? 1 : 0;
        }
        assertThat(opens).isEqualTo(1);
        assertThat(resolves).isZero();
    }

    @Test
    void withoutDeadbandTheSameValuesFlap() {
        ThresholdEpisode above = new ThresholdEpisode(AlertKind.ABOVE, 30, 0, 0);
        int opens = 0;
        for (int i = 0; i < 10; i++) {
            opens += above.observe(T0.plusSeconds(i), i % 2 == 0 ? 30.2 : 29.8) == OPEN ? 1 : 0;
        }
        assertThat(opens).isEqualTo(5);
    }

    @Test
    void forSecondsCountsByTheReadingsTimestampsAndRestartsWhenTheBreachEnds() {
        ThresholdEpisode below = new ThresholdEpisode(AlertKind.BELOW, 20, 2, 60);
        assertThat(below.observe(T0, 19)).isEqualTo(NONE);
        assertThat(below.observe(T0.plusSeconds(59), 18)).isEqualTo(NONE);
        assertThat(below.observe(T0.plusSeconds(61), 21)).as("back above: the wait restarts").isEqualTo(NONE);
        assertThat(below.observe(T0.plusSeconds(62), 19)).isEqualTo(NONE);
        assertThat(below.observe(T0.plusSeconds(121), 19)).isEqualTo(NONE);
        assertThat(below.observe(T0.plusSeconds(122), 19)).isEqualTo(OPEN);
        assertThat(below.observe(T0.plusSeconds(123), 21.9)).isEqualTo(NONE);
        assertThat(below.observe(T0.plusSeconds(124), 22)).isEqualTo(RESOLVE);
    }

    @Test
    void olderReadingsThanTheNewestAreIgnored() {
        ThresholdEpisode above = new ThresholdEpisode(AlertKind.ABOVE, 30, 0, 0);
        assertThat(above.observe(T0.plusSeconds(10), 20)).isEqualTo(NONE);
        assertThat(above.observe(T0, 40)).isEqualTo(NONE);
    }

    @Test
    void followsParseWhenAnotherReplicaOpenedTheEpisode() {
        ThresholdEpisode above = new ThresholdEpisode(AlertKind.ABOVE, 30, 0, 0);
        above.syncFiring(true);
        assertThat(above.observe(T0, 31)).isEqualTo(NONE);
        assertThat(above.observe(T0.plusSeconds(1), 29)).isEqualTo(RESOLVE);
    }

    @Test
    void aFailedOpenIsRetriedOnTheNextBreachingReading() {
        ThresholdEpisode above = new ThresholdEpisode(AlertKind.ABOVE, 30, 0, 10);
        above.observe(T0, 31);
        assertThat(above.observe(T0.plusSeconds(10), 31)).isEqualTo(OPEN);
        above.openFailed();
        assertThat(above.observe(T0.plusSeconds(11), 31)).isEqualTo(OPEN);
    }
}
