package dev.pifleet.agent.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void fiveCallsAMinuteThenTheWaitUntilTheOldestLeavesTheWindow() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(5, Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire(T0.plusSeconds(i * 10L))).as("call %d", i + 1).isEmpty();
        }

        assertThat(limiter.tryAcquire(T0.plusSeconds(45))).contains(Duration.ofSeconds(15));
        assertThat(limiter.tryAcquire(T0.plusSeconds(60))).as("the first call left the window").isEmpty();
        assertThat(limiter.tryAcquire(T0.plusSeconds(61))).contains(Duration.ofSeconds(9));
    }
}
