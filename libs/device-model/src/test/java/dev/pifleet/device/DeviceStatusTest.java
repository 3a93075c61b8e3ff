package dev.pifleet.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceStatusTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Test
    void neverSeenWithoutLastSeen() {
        assertThat(DeviceStatus.of(null, NOW, TIMEOUT)).isEqualTo(DeviceStatus.NEVER_SEEN);
    }

    @Test
    void onlineInsideTheTimeoutOfflineAfter() {
        assertThat(DeviceStatus.of(NOW.minusSeconds(599), NOW, TIMEOUT)).isEqualTo(DeviceStatus.ONLINE);
        assertThat(DeviceStatus.of(NOW.minusSeconds(600), NOW, TIMEOUT)).isEqualTo(DeviceStatus.OFFLINE);
        assertThat(DeviceStatus.ONLINE.wireName()).isEqualTo("online");
        assertThat(DeviceStatus.NEVER_SEEN.wireName()).isEqualTo("never_seen");
    }
}
