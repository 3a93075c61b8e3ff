package dev.pifleet.alerts;

import java.time.Duration;
import java.time.Instant;

/** When reminders fall due, when a failed delivery is retried, when a quiet device counts as offline. */
public final class AlertSchedule {

    private AlertSchedule() {
    }

    /** The number of the newest reminder due for an alert open since {@code openedAt}; 0 when none is. */
    public static long reminderDue(Instant openedAt, int repeatMinutes, Instant now) {
        if (repeatMinutes <= 0 || now.isBefore(openedAt)) {
            return 0;
        }
        return Duration.between(openedAt, now).toSeconds() / (repeatMinutes * 60L);
    }

    /** How long to wait after failed attempt {@code attempt} (1-based): doubling from {@code first}, capped. */
    public static Duration retryDelay(int attempt, Duration first, Duration max) {
        Duration delay = first;
        for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** Offline once quiet for {@code forSeconds}; a device never heard from is quiet since the rule was made. */
    public static boolean offline(Instant lastSeen, Instant ruleCreatedAt, long forSeconds, Instant now) {
        Instant quietSince = lastSeen != null && lastSeen.isAfter(ruleCreatedAt) ? lastSeen : ruleCreatedAt;
        return Duration.between(quietSince, now).toSeconds() >= forSeconds;
    }

    /** An offline alert resolves when the device has been heard from since it opened. */
    public static boolean backOnline(Instant lastSeen, Instant openedAt) {
        return lastSeen != null && lastSeen.isAfter(openedAt);
    }
}
