package dev.pifleet.ingest.mqtt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wrong keys per client address: at most {@code max} failed key lookups in a window that starts with the address's
 * first failure, then the address's lookups are refused until the window ends. Only failures count, so a burst of
 * right keys from one address (devices behind one NAT reconnecting after a restart) is never refused.
 * <p>
 * Lookups sent at once still cannot all slip past the limit: at most {@code max - failures} lookups of an address run
 * at a time, and a CONNECT beyond that waits for one of them to end instead of being refused. A wait ends in a lookup
 * when the earlier one was a right key, and in a refusal once the failures alone fill the window.
 */
final class CredentialThrottle {

    private static final long MAX_ADDRESSES = 100_000;

    /** Where a CONNECT goes once the throttle has decided: run the lookup (then call {@link #ended}), or refuse. */
    interface Decision {
        void lookUp();

        void refuse();
    }

    private static final class Window {
        final AtomicInteger failures = new AtomicInteger();
    }

    /** An address's lookups running now and the CONNECTs waiting for one of them to end. */
    private static final class Lookups {
        int running;
        final ArrayDeque<Decision> waiting = new ArrayDeque<>();
    }

    private final int max;
    private final Cache<String, Window> failures;
    /** Only addresses with lookups running or waiting: bounded by the open connections. */
    private final Map<String, Lookups> lookups = new ConcurrentHashMap<>();

    CredentialThrottle(int max, Duration window, Ticker ticker) {
        this.max = max;
        // Written once, when the address first fails: the window starts then, as WindowLimiter's.
        this.failures = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES).expireAfterWrite(window).ticker(ticker).build();
    }

    CredentialThrottle(int max, Duration window) {
        this(max, window, Ticker.systemTicker());
    }

    /** Decides now, or once an earlier lookup of the address ends; the decision runs outside any lock. */
    void request(String address, Decision decision) {
        List<Runnable> decided = new ArrayList<>(1);
        lookups.compute(address, (key, current) -> {
            Lookups state = current == null ? new Lookups() : current;
            int failed = failures(key);
            if (failed + state.running < max) {
                state.running++;
                decided.add(decision::lookUp);
            } else if (state.running > 0) {
                state.waiting.add(decision);
            } else {
                decided.add(decision::refuse);
            }
            return state.running == 0 && state.waiting.isEmpty() ? null : state;
        });
        decided.forEach(Runnable::run);
    }

    /** A lookup that {@link #request} started has ended: a wrong key counts; the waiting CONNECTs move on. */
    void ended(String address, boolean wrongKey) {
        List<Runnable> decided = new ArrayList<>();
        lookups.compute(address, (key, state) -> {
            if (wrongKey) {
                failures.get(key, k -> new Window()).failures.incrementAndGet();
            }
            if (state == null) {
                return null;
            }
            state.running = Math.max(state.running - 1, 0);
            int failed = failures(key);
            while (!state.waiting.isEmpty() && failed + state.running < max) {
                state.running++;
                decided.add(state.waiting.poll()::lookUp);
            }
            if (state.running == 0) {
                // The failures alone fill the window: nothing is left that could free a slot.
                while (!state.waiting.isEmpty()) {
                    decided.add(state.waiting.poll()::refuse);
                }
            }
            return state.running == 0 && state.waiting.isEmpty() ? null : state;
        });
        decided.forEach(Runnable::run);
    }

    private int failures(String address) {
        Window window = failures.getIfPresent(address);
        return window == null ? 0 : window.failures.get();
    }
}
