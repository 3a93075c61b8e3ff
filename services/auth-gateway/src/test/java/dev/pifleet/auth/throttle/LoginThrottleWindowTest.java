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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The throttle's arithmetic, on a clock the test moves by hand. */
class LoginThrottleWindowTest {

    record Limits(int maxFailuresPerAddress, Duration window, int accountFreeFailures, Duration accountDelayBase,
            Duration accountDelayMax, int ownFailuresBeforeDelay, long maxTrackedKeys) implements LoginThrottleConfig {
    }

    private static final String ACCOUNT = "a@example.com";

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(
            new Limits(10, Duration.ofMinutes(15), 3, Duration.ofSeconds(1), Duration.ofMinutes(15), 2, 1000), clock);

    @Test
    void reservedAttemptsCountBeforeTheyAreSettled() {
        List<LoginThrottle.Attempt> inFlight = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            inFlight.add(throttle.reserve(ACCOUNT, "10.0.0.1"));
        }

        // The account's free failures are all reserved, and this address has failed "enough" by reservation.
        assertThat(limited(ACCOUNT, "10.0.0.1").status()).isEqualTo(429);
        inFlight.forEach(LoginThrottle.Attempt::failed);
    }

    @Test
    void theAddressHasAHardLimitOverAllAccountsWithinItsWindow() {
        for (int failure = 0; failure < 10; failure++) {
            fail("user" + failure + "@example.com", "10.0.0.1");
            clock.advance(Duration.ofSeconds(30));
        }

        ApiException limited = limited("new@example.com", "10.0.0.1");

        assertThat(limited.retryAfter()).isEqualTo(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10));
        assertThatCode(() -> throttle.reserve("new@example.com", "10.0.0.1").close()).doesNotThrowAnyException();
    }

    @Test
    void theAccountDelayDoublesWithEachFailureAndStaysBounded() {
        assertThat(throttle.delayAfter(2)).isZero();
        assertThat(throttle.delayAfter(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.delayAfter(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.delayAfter(8)).isEqualTo(Duration.ofSeconds(32));
        assertThat(throttle.delayAfter(20)).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void anAddressThatFailedWaitsForTheAccountsDelay() {
        for (int failure = 0; failure < 4; failure++) {
            fail(ACCOUNT, "10.0.0." + (failure % 2 + 1));
        }

        ApiException limited = limited(ACCOUNT, "10.0.0.1");

        assertThat(limited.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        assertThatCode(() -> throttle.reserve(ACCOUNT, "10.0.0.1").close()).doesNotThrowAnyException();
    }

    @Test
    void strangersCannotLockTheOwnerOut() {
        for (int failure = 0; failure < 40; failure++) {
            try {
                fail(ACCOUNT, "10.0." + failure + ".1");
            } catch (ApiException limited) {
                // Attackers from fresh addresses keep trying.
            }
        }

        LoginThrottle.Attempt owner = throttle.reserve(ACCOUNT, "192.168.1.20");
        owner.succeeded();
        assertThatCode(() -> throttle.reserve(ACCOUNT, "192.168.1.20").close()).doesNotThrowAnyException();
    }

    @Test
    void aSuccessClearsTheAddressFailuresOnTheAccountButNotTheAddressCount() {
        fail(ACCOUNT, "10.0.0.1");
        fail(ACCOUNT, "10.0.0.2");
        fail(ACCOUNT, "10.0.0.2");
        fail(ACCOUNT, "10.0.0.3");
        throttle.reserve(ACCOUNT, "10.0.0.1").succeeded();
        fail(ACCOUNT, "10.0.0.1");

        // 10.0.0.1 counts as the owner again; 10.0.0.2 is held by the delay.
        assertThatCode(() -> throttle.reserve(ACCOUNT, "10.0.0.1").close()).doesNotThrowAnyException();
        assertThat(limited(ACCOUNT, "10.0.0.2").status()).isEqualTo(429);
        for (int failure = 0; failure < 8; failure++) {
            fail("other" + failure + "@example.com", "10.0.0.1");
        }
        assertThat(limited("other@example.com", "10.0.0.1").status()).isEqualTo(429);
    }

    @Test
    void anAttemptClosedUnsettledCountsNothing() {
        for (int attempt = 0; attempt < 20; attempt++) {
            throttle.reserve(ACCOUNT, "10.0.0.1").close();
        }

        assertThatCode(() -> throttle.reserve(ACCOUNT, "10.0.0.1").close()).doesNotThrowAnyException();
    }

    @Test
    void failuresAreForgottenAWindowAfterTheLastOne() {
        for (int failure = 0; failure < 3; failure++) {
            fail(ACCOUNT, "10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));

        for (int attempt = 0; attempt < 3; attempt++) {
            throttle.reserve(ACCOUNT, "10.0.0.1").close();
        }
        fail(ACCOUNT, "10.0.0.1");
    }

    private void fail(String account, String address) {
        throttle.reserve(account, address).failed();
    }

    private ApiException limited(String account, String address) {
        return catchThrowableOfType(ApiException.class, () -> throttle.reserve(account, address));
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
