package dev.pifleet.auth.password;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Counts reset requests per client address and account mails per address (reset and verification, each under its
 * own key) in fixed windows. Each count is checked and taken
 * under one lock, so parallel requests cannot all pass before one is counted. In memory: each replica counts alone.
 */
@ApplicationScoped
public class ResetThrottle {

    private final PasswordConfig config;
    private final Clock clock;
    private final Cache<String, Window> addresses;
    private final Cache<String, Window> emails;

    @Inject
    ResetThrottle(PasswordConfig config) {
        this(config, Clock.systemUTC());
    }

    ResetThrottle(PasswordConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.addresses = Caffeine.newBuilder().expireAfterWrite(config.window()).maximumSize(config.maxTrackedKeys()).build();
        this.emails = Caffeine.newBuilder().expireAfterWrite(config.window()).maximumSize(config.maxTrackedKeys()).build();
    }

    /** Zero when the address may ask now (and counts it); else how long it must wait. */
    synchronized Duration takeRequest(String clientAddress) {
        return take(addresses, clientAddress, config.maxPerAddress());
    }

    /** True when a mail may go to this email now (and counts it). */
    public synchronized boolean takeMail(String email) {
        return take(emails, email, config.maxMailsPerEmail()).isZero();
    }

    private Duration take(Cache<String, Window> windows, String key, int max) {
        Instant now = clock.instant();
        Window window = windows.get(key, ignored -> new Window(now));
        if (!now.isBefore(window.opened.plus(config.window()))) {
            window = new Window(now);
            windows.put(key, window);
        }
        if (window.count >= max) {
            return Duration.between(now, window.opened.plus(config.window()));
        }
        window.count++;
        return Duration.ZERO;
    }

    /** Guarded by the throttle's lock. */
    private static final class Window {
        private final Instant opened;
        private int count;

        Window(Instant opened) {
            this.opened = opened;
        }
    }
}
