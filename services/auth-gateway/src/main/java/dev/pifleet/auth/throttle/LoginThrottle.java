package dev.pifleet.auth.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Counts failed logins per email and per client address in fixed windows that open at the first
 * failure. Once a key reaches its limit every login for it is refused with 429 until the window
 * closes, even with the right password, so guessing cannot continue. In memory: each replica counts
 * on its own (see docs/api.md).
 */
@ApplicationScoped
public class LoginThrottle {

    private final LoginThrottleConfig config;
    private final Clock clock;
    private final Cache<String, FailureWindow> failures;

    @Inject
    LoginThrottle(LoginThrottleConfig config) {
        this(config, Clock.systemUTC());
    }

    LoginThrottle(LoginThrottleConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.failures = Caffeine.newBuilder()
                .expireAfterWrite(config.window())
                .maximumSize(config.maxTrackedKeys())
                .build();
    }

    /** Throws 429 with Retry-After while the email or the address has used up its failures. */
    public void checkAllowed(String email, String clientAddress) {
        Instant now = clock.instant();
        Duration wait = max(blockedFor(emailKey(email), config.maxFailuresPerEmail(), now),
                blockedFor(addressKey(clientAddress), config.maxFailuresPerAddress(), now));
        if (!wait.isZero()) {
            throw ApiException.tooManyRequests("too many failed logins; retry later", wait);
        }
    }

    public void recordFailure(String email, String clientAddress) {
        Instant now = clock.instant();
        count(emailKey(email), now);
        count(addressKey(clientAddress), now);
    }

    /** A successful login clears the email's failures; the address keeps its count, so one good account cannot reset it. */
    public void recordSuccess(String email) {
        failures.invalidate(emailKey(email));
    }

    private Duration blockedFor(String key, int maxFailures, Instant now) {
        FailureWindow window = failures.getIfPresent(key);
        if (window == null || window.closedAt(config.window(), now) || window.count() < maxFailures) {
            return Duration.ZERO;
        }
        return Duration.between(now, window.opened().plus(config.window()));
    }

    private void count(String key, Instant now) {
        failures.asMap().compute(key, (ignored, window) -> window == null || window.closedAt(config.window(), now)
                ? new FailureWindow(now, 1)
                : new FailureWindow(window.opened(), window.count() + 1));
    }

    private static Duration max(Duration first, Duration second) {
        return first.compareTo(second) >= 0 ? first : second;
    }

    private static String emailKey(String email) {
        return "email:" + email;
    }

    private static String addressKey(String clientAddress) {
        return "address:" + clientAddress;
    }

    private record FailureWindow(Instant opened, int count) {

        boolean closedAt(Duration length, Instant now) {
            return !now.isBefore(opened.plus(length));
        }
    }
}
