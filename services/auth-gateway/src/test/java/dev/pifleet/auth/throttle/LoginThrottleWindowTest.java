package dev.pifleet.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pifleet.service.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The window arithmetic, on a clock the test moves by hand. */
class LoginThrottleWindowTest {

    record Limits(int maxFailuresPerEmail, int maxFailuresPerAddress, Duration window, long maxTrackedKeys)
            implements LoginThrottleConfig {
    }

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(new Limits(3, 5, Duration.ofMinutes(15), 1000), clock);

    @Test
    void refusesForTheRestOfTheWindowThatOpenedAtTheFirstFailure() {
        throttle.recordFailure("a@example.com", "10.0.0.1");
        clock.advance(Duration.ofMinutes(5));
        throttle.recordFailure("a@example.com", "10.0.0.2");
        throttle.recordFailure("a@example.com", "10.0.0.3");

        ApiException limited = catchThrowableOfType(ApiException.class,
                () -> throttle.checkAllowed("a@example.com", "10.0.0.4"));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void allowsAgainOnceTheWindowHasClosed() {
        for (int failure = 0; failure < 3; failure++) {
            throttle.recordFailure("a@example.com", "10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(15));

        assertThatCode(() -> throttle.checkAllowed("a@example.com", "10.0.0.1")).doesNotThrowAnyException();
    }

    @Test
    void aSuccessClearsTheEmailButNotTheAddress() {
        for (int failure = 0; failure < 5; failure++) {
            throttle.recordFailure("user" + failure + "@example.com", "10.0.0.1");
        }
        throttle.recordSuccess("user0@example.com");

        assertThatCode(() -> throttle.checkAllowed("user0@example.com", "10.0.0.2")).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(ApiException.class,
                () -> throttle.checkAllowed("user0@example.com", "10.0.0.1")).status()).isEqualTo(429);
    }

    @Test
    void failuresBelowTheLimitAreAllowed() {
        throttle.recordFailure("a@example.com", "10.0.0.1");
        throttle.recordFailure("a@example.com", "10.0.0.1");

        assertThatCode(() -> throttle.checkAllowed("a@example.com", "10.0.0.1")).doesNotThrowAnyException();
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
