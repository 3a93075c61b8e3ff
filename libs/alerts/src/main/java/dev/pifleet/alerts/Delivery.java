package dev.pifleet.alerts;

import java.time.Instant;

/**
 * One notification of one transition on one channel: {@code event} is opened, resolved or reminder;
 * {@code status} pending, sent, failed (gave up) or dropped (its alert never existed, or the rule is gone).
 */
public record Delivery(String objectId, String episode, String ruleId, String ownerId, String event, int reminder,
        String channel, String status, int attempts, Instant nextAttemptAt, String lastError, Instant sentAt,
        Instant createdAt) {

    public static final String OPENED = "opened";
    public static final String RESOLVED = "resolved";
    public static final String REMINDER = "reminder";
    public static final String EMAIL = "email";
    public static final String WEBHOOK = "webhook";
    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String DROPPED = "dropped";
}
