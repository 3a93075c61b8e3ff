package dev.pifleet.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WindowLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker clock = nanos::get;

    @Test
    void allowsMaxPerWindowAndSaysHowLongUntilItEnds() {
        WindowLimiter limiter = new WindowLimiter(3, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("alice")).isEmpty();
        }
        advance(Duration.ofMinutes(5));
        assertThat(limiter.tryAcquire("alice")).contains(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(limiter.tryAcquire("bob")).as("keys are counted apart").isEmpty();
    }

    @Test
    void aNewWindowStartsAfterTheOldOneEnds() {
        WindowLimiter limiter = new WindowLimiter(1, Duration.ofMinutes(1), clock);
        assertThat(limiter.tryAcquire("agent")).isEmpty();
        assertThat(limiter.tryAcquire("agent")).isPresent();
        advance(Duration.ofMinutes(1).plusMillis(1));
        assertThat(limiter.tryAcquire("agent")).isEmpty();
    }

    @Test
    void aReleasedSlotCanBeTakenAgainButNeverBelowZero() {
        WindowLimiter limiter = new WindowLimiter(2, Duration.ofMinutes(15), clock);
        assertThat(limiter.tryAcquire("alice")).isEmpty();
        limiter.release("alice");
        limiter.release("alice");
        limiter.release("nobody");
        assertThat(limiter.tryAcquire("alice")).isEmpty();
        assertThat(limiter.tryAcquire("alice")).isEmpty();
        assertThat(limiter.tryAcquire("alice")).isPresent();
    }

    @Test
    void refusedAttemptsDoNotExtendTheWindowOrUseSlots() {
        WindowLimiter limiter = new WindowLimiter(1, Duration.ofSeconds(60), clock);
        limiter.tryAcquire("mallory");
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire("mallory");
        }
        limiter.release("mallory");
        assertThat(limiter.tryAcquire("mallory")).as("the one slot, given back").isEmpty();
    }

    @Test
    void exhaustedTellsWithoutTakingASlot() {
        WindowLimiter limiter = new WindowLimiter(2, Duration.ofMinutes(1), clock);
        assertThat(limiter.exhausted("device")).isFalse();
        limiter.tryAcquire("device");
        assertThat(limiter.exhausted("device")).isFalse();
        assertThat(limiter.exhausted("device")).as("asking took nothing").isFalse();
        limiter.tryAcquire("device");
        assertThat(limiter.exhausted("device")).isTrue();
        advance(Duration.ofMinutes(1).plusMillis(1));
        assertThat(limiter.exhausted("device")).isFalse();
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
