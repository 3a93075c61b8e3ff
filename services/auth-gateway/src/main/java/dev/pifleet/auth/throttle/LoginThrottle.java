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
 * Limits password guessing without letting a stranger lock an owner out (policy: docs/security.md).
 * Every login first {@linkplain #reserve reserves} its attempt; the reservation counts as a failure until
 * it is settled, so parallel requests cannot all pass the check before any failure is recorded.
 * <ul>
 * <li>Per client address, a hard limit: {@code maxFailuresPerAddress} failures (reserved attempts included)
 * in a window that opens at the first failure.</li>
 * <li>Per account, an exponential delay after {@code accountFreeFailures} failures, at most
 * {@code accountDelayMax}. It holds only addresses that failed on this account themselves
 * ({@code ownFailuresBeforeDelay}), one attempt at a time.</li>
 * </ul>
 * One lock guards all counters: each step is a few map operations, while the password check it guards
 * costs a bcrypt in Parse. In memory: each replica counts on its own.
 */
@ApplicationScoped
public class LoginThrottle {

    /** 2^30 times any sensible base is beyond every sensible maximum. */
    private static final int MAX_DOUBLINGS = 30;

    private final LoginThrottleConfig config;
    private final Clock clock;
    private final Cache<String, AddressCount> addresses;
    private final Cache<String, AccountCount> accounts;
    private final Cache<String, PairCount> pairs;

    @Inject
    LoginThrottle(LoginThrottleConfig config) {
        this(config, Clock.systemUTC());
    }

    LoginThrottle(LoginThrottleConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        Duration remembered = config.window().plus(config.accountDelayMax()).multipliedBy(2);
        this.addresses = Caffeine.newBuilder().expireAfterAccess(remembered).maximumSize(config.maxTrackedKeys()).build();
        this.accounts = Caffeine.newBuilder().expireAfterAccess(remembered).maximumSize(config.maxTrackedKeys()).build();
        this.pairs = Caffeine.newBuilder().expireAfterAccess(remembered).maximumSize(config.maxTrackedKeys()).build();
    }

    /**
     * Reserves one password check of {@code account} from {@code clientAddress}, or throws 429 with the wait.
     * Settle the attempt with {@link Attempt#succeeded()} or {@link Attempt#failed()}; closing it unsettled
     * (Parse unavailable) releases it without counting.
     */
    public synchronized Attempt reserve(String account, String clientAddress) {
        Instant now = clock.instant();
        AddressCount address = addresses.get(clientAddress, ignored -> new AddressCount());
        address.forgetClosedWindow(now, config.window());
        if (address.failures + address.inFlight >= config.maxFailuresPerAddress()) {
            throw limited(address.remaining(now, config.window()));
        }
        AccountCount owner = accounts.get(account, ignored -> new AccountCount());
        owner.forgetOld(now, delayAfter(owner.failures).plus(config.window()));
        PairCount pair = pairs.get(pairKey(account, clientAddress), ignored -> new PairCount());
        pair.forgetOld(now, config.window());
        if (pair.failures + pair.inFlight >= config.ownFailuresBeforeDelay()) {
            Duration wait = accountWait(owner, now);
            if (!wait.isZero()) {
                throw limited(wait);
            }
        }
        address.inFlight++;
        owner.inFlight++;
        pair.inFlight++;
        return new Attempt(account, clientAddress);
    }

    /** Zero while a held address may try the account now; else how long to wait. */
    private Duration accountWait(AccountCount owner, Instant now) {
        if (owner.failures + owner.inFlight < config.accountFreeFailures()) {
            return Duration.ZERO;
        }
        Duration delay = delayAfter(Math.max(owner.failures, config.accountFreeFailures()));
        if (owner.inFlight > 0 || owner.lastFailure == null) {
            return delay;
        }
        Duration remaining = Duration.between(now, owner.lastFailure.plus(delay));
        return remaining.isNegative() || remaining.isZero() ? Duration.ZERO : remaining;
    }

    /** base × 2^(failures − free), at most the maximum. */
    Duration delayAfter(int failures) {
        if (failures < config.accountFreeFailures()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - config.accountFreeFailures(), MAX_DOUBLINGS);
        Duration delay = config.accountDelayBase().multipliedBy(1L << doublings);
        return delay.compareTo(config.accountDelayMax()) > 0 ? config.accountDelayMax() : delay;
    }

    private synchronized void settle(Attempt attempt, Outcome outcome) {
        Instant now = clock.instant();
        AddressCount address = addresses.get(attempt.clientAddress, ignored -> new AddressCount());
        AccountCount owner = accounts.get(attempt.account, ignored -> new AccountCount());
        String pairKey = pairKey(attempt.account, attempt.clientAddress);
        PairCount pair = pairs.get(pairKey, ignored -> new PairCount());
        address.inFlight = Math.max(0, address.inFlight - 1);
        owner.inFlight = Math.max(0, owner.inFlight - 1);
        pair.inFlight = Math.max(0, pair.inFlight - 1);
        if (outcome == Outcome.FAILED) {
            address.forgetClosedWindow(now, config.window());
            if (address.windowOpened == null) {
                address.windowOpened = now;
            }
            address.failures++;
            owner.failures++;
            owner.lastFailure = now;
            pair.failures++;
            pair.lastFailure = now;
        } else if (outcome == Outcome.SUCCEEDED && pair.inFlight == 0) {
            // The right password: this address is the owner's again. The account keeps its failures, so the
            // addresses that caused them stay held; the address keeps its count, so one good account cannot reset it.
            pairs.invalidate(pairKey);
        }
    }

    private enum Outcome { SUCCEEDED, FAILED, NOT_CHECKED }

    private static ApiException limited(Duration wait) {
        return ApiException.tooManyRequests("too many failed logins; retry later", wait);
    }

    private static String pairKey(String account, String clientAddress) {
        return account + '\n' + clientAddress;
    }

    /** One reserved password check. */
    public final class Attempt implements AutoCloseable {

        private final String account;
        private final String clientAddress;
        private boolean settled;

        private Attempt(String account, String clientAddress) {
            this.account = account;
            this.clientAddress = clientAddress;
        }

        public void succeeded() {
            settleOnce(Outcome.SUCCEEDED);
        }

        public void failed() {
            settleOnce(Outcome.FAILED);
        }

        /** Releases an attempt that was neither settled as success nor as failure (the check did not happen). */
        @Override
        public void close() {
            settleOnce(Outcome.NOT_CHECKED);
        }

        private void settleOnce(Outcome outcome) {
            if (!settled) {
                settled = true;
                settle(this, outcome);
            }
        }
    }

    /** Guarded by the throttle's lock. */
    private static final class AddressCount {
        private Instant windowOpened;
        private int failures;
        private int inFlight;

        void forgetClosedWindow(Instant now, Duration window) {
            if (windowOpened != null && !now.isBefore(windowOpened.plus(window))) {
                windowOpened = null;
                failures = 0;
            }
        }

        Duration remaining(Instant now, Duration window) {
            // Full only by attempts in flight: they settle within a request's time.
            return windowOpened == null ? Duration.ofSeconds(1) : Duration.between(now, windowOpened.plus(window));
        }
    }

    /** Guarded by the throttle's lock. */
    private static class PairCount {
        Instant lastFailure;
        int failures;
        int inFlight;

        void forgetOld(Instant now, Duration keep) {
            if (lastFailure != null && !now.isBefore(lastFailure.plus(keep))) {
                lastFailure = null;
                failures = 0;
            }
        }
    }

    /** The same counts for the account as a whole, remembered a window beyond its delay. Guarded by the throttle's lock. */
    private static final class AccountCount extends PairCount {
    }
}
