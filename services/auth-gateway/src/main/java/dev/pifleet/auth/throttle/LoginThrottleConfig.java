package dev.pifleet.auth.throttle;

import java.time.Duration;
import io.smallrye.config.ConfigMapping;

/** Brute-force limits for login, counted in memory by each replica; the defaults are in application.properties. */
@ConfigMapping(prefix = "pifleet.auth.login-throttle")
public interface LoginThrottleConfig {

    /** Failed logins from one client address within {@link #window()}, over all accounts; then 429 for everything from it. */
    int maxFailuresPerAddress();

    /** The address window, and how long after its last failure an account or an (account, address) pair is remembered. */
    Duration window();

    /** Failures an account takes before its exponential delay starts. */
    int accountFreeFailures();

    /** The first delay once {@link #accountFreeFailures()} is reached; it doubles with every further failure. */
    Duration accountDelayBase();

    /** The longest delay, however many failures. */
    Duration accountDelayMax();

    /**
     * An address with fewer failures than this on an account is not held by the account's delay: a stranger's
     * failures cannot lock the owner out. An address that reaches it waits like everyone who failed.
     */
    int ownFailuresBeforeDelay();

    /** Bounds memory under a spray of distinct emails or addresses; the oldest counters go first. */
    long maxTrackedKeys();
}
