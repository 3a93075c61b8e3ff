package dev.pifleet.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The wait between two runs of a periodic task whose interval can change while it waits (the cloud's settings): the
 * interval is read again whenever {@link #changed()} is called, and {@link #now()} ends the wait at once.
 */
public final class Ticker {

    private boolean now;

    /** Returns at {@code last + interval}, as the interval is at that moment, or at once after {@link #now()}. */
    public synchronized void awaitNext(Instant last, Supplier<Duration> interval) throws InterruptedException {
        while (!now) {
            long wait = Duration.between(Instant.now(), last.plus(interval.get())).toMillis();
            if (wait <= 0) {
                break;
            }
            wait(wait);
        }
        now = false;
    }

    /** The interval may have changed: the waiting task looks again. */
    public synchronized void changed() {
        notifyAll();
    }

    /** Run the task now instead of at its time. */
    public synchronized void now() {
        now = true;
        notifyAll();
    }
}
