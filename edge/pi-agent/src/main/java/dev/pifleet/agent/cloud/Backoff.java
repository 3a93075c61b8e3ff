package dev.pifleet.agent.cloud;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th wait is between half and all of min(max, initial * 2^n),
 * so a fleet that lost the cloud together does not come back in lock-step, yet each device still backs off.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    public Duration next() {
        long ceiling = ceilingMillis(failures);
        failures++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }

    /**
     * The wait after a failure: the server's Retry-After when it sent one, but never longer than the backoff's max (a
     * broken or hostile server must not park the agent for days). The backoff advances either way, so repeated
     * failures keep spreading out.
     */
    public Duration next(Optional<Duration> retryAfter) {
        Duration backoffWait = next();
        return retryAfter.map(wait -> wait.compareTo(max) > 0 ? max : wait).orElse(backoffWait);
    }

    public void reset() {
        failures = 0;
    }

    /** The largest wait the n-th consecutive failure can produce. */
    public long ceilingMillis(int failure) {
        int shift = Math.min(failure, 30);
        return Math.min(max.toMillis(), initial.toMillis() << shift);
    }
}
