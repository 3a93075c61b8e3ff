package dev.pifleet.agent.pairing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** At most {@code max} calls in any {@code window}; a refused call is told how long until a slot frees. */
public final class SlidingWindowLimiter {

    private final int max;
    private final Duration window;
    private final Deque<Instant> recent = new ArrayDeque<>();

    public SlidingWindowLimiter(int max, Duration window) {
        this.max = max;
        this.window = window;
    }

    /** Empty when the call may go ahead (and it is counted), else the wait before the next one may. */
    public synchronized Optional<Duration> tryAcquire(Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().plus(window).isAfter(now)) {
            recent.pollFirst();
        }
        if (recent.size() < max) {
            recent.addLast(now);
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, recent.peekFirst().plus(window)));
    }
}
