package dev.pifleet.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max} events per key in a fixed window that starts with the key's first event. A slot is taken
 * <em>before</em> the guarded work runs (so parallel requests cannot all slip past a check), and may be given back
 * when the work turns out not to count (a successful claim). Storage is bounded: the least recently used keys are
 * forgotten first, which can only make a limit more lenient for a key nobody has used for a while.
 */
public final class WindowLimiter {

    private static final long MAX_KEYS = 100_000;

    private final int max;
    private final Duration window;
    private final Ticker ticker;
    private final Cache<String, Window> windows;

    public WindowLimiter(int max, Duration window, Ticker ticker) {
        this.max = max;
        this.window = window;
        this.ticker = ticker;
        this.windows = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(window).ticker(ticker).build();
    }

    public WindowLimiter(int max, Duration window) {
        this(max, window, Ticker.systemTicker());
    }

    /** Takes a slot for the key, or says how long until the key's window ends. */
    public Optional<Duration> tryAcquire(String key) {
        Window current = windows.get(key, k -> new Window(ticker.read()));
        if (current.used.incrementAndGet() <= max) {
            return Optional.empty();
        }
        current.used.decrementAndGet();
        long endsAt = current.startedAt + window.toNanos();
        return Optional.of(Duration.ofNanos(Math.max(endsAt - ticker.read(), 0)).plusSeconds(1).withNanos(0));
    }

    /** Whether the key's window has no slot left, without taking one. */
    public boolean exhausted(String key) {
        Window current = windows.getIfPresent(key);
        return current != null && current.used.get() >= max;
    }

    /** Gives back a slot taken by {@link #tryAcquire}. */
    public void release(String key) {
        Window current = windows.getIfPresent(key);
        if (current != null) {
            current.used.updateAndGet(used -> Math.max(used - 1, 0));
        }
    }

    private static final class Window {
        private final long startedAt;
        private final AtomicInteger used = new AtomicInteger();

        private Window(long startedAt) {
            this.startedAt = startedAt;
        }
    }
}
