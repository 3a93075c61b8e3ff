package dev.pifleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertScheduleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void remindersFallDueEveryRepeatInterval() {
        assertThat(AlertSchedule.reminderDue(T0, 0, T0.plusSeconds(3600))).isZero();
        assertThat(AlertSchedule.reminderDue(T0, 10, T0.plusSeconds(599))).isZero();
        assertThat(AlertSchedule.reminderDue(T0, 10, T0.plusSeconds(600))).isEqualTo(1);
        assertThat(AlertSchedule.reminderDue(T0, 10, T0.plusSeconds(1250))).isEqualTo(2);
        assertThat(AlertSchedule.reminderDue(T0, 10, T0.minusSeconds(5))).isZero();
    }

    @Test
    void retriesDoubleUpToTheCap() {
        Duration first = Duration.ofSeconds(10);
        Duration max = Duration.ofMinutes(30);
        assertThat(AlertSchedule.retryDelay(1, first, max)).isEqualTo(Duration.ofSeconds(10));
        assertThat(AlertSchedule.retryDelay(2, first, max)).isEqualTo(Duration.ofSeconds(20));
        assertThat(AlertSchedule.retryDelay(5, first, max)).isEqualTo(Duration.ofSeconds(160));
        assertThat(AlertSchedule.retryDelay(60, first, max)).isEqualTo(max);
    }

    @Test
    void aDeviceIsOfflineOnceQuietForForSeconds() {
        Instant created = T0;
        assertThat(AlertSchedule.offline(null, created, 60, T0.plusSeconds(59))).isFalse();
        assertThat(AlertSchedule.offline(null, created, 60, T0.plusSeconds(60))).isTrue();
        assertThat(AlertSchedule.offline(T0.plusSeconds(100), created, 60, T0.plusSeconds(150))).isFalse();
        assertThat(AlertSchedule.offline(T0.plusSeconds(100), created, 60, T0.plusSeconds(160))).isTrue();
        assertThat(AlertSchedule.offline(T0.minusSeconds(9999), created, 60, T0.plusSeconds(30)))
                .as("quiet since before the rule: counted from the rule").isFalse();
        assertThat(AlertSchedule.backOnline(T0.plusSeconds(5), T0)).isTrue();
        assertThat(AlertSchedule.backOnline(T0.minusSeconds(5), T0)).isFalse();
    }
}
