package dev.pifleet.alerts;

import java.time.Instant;

/**
 * A user's rule on one of their devices. {@code sensor}, {@code threshold} and {@code deadband} are null for
 * offline rules; {@code webhookUrl}/{@code webhookSecret} are null without a webhook; {@code repeatMinutes} is 0
 * without reminders. {@code toString} leaves the secret out.
 */
public record AlertRule(String objectId, String ownerId, String deviceObjectId, String deviceId, AlertKind kind,
        String sensor, Double threshold, Double deadband, long forSeconds, boolean email, String webhookUrl,
        String webhookSecret, int repeatMinutes, Instant createdAt) {

    public ThresholdEpisode newEpisode() {
        return new ThresholdEpisode(kind, threshold, deadband == null ? 0 : deadband, forSeconds);
    }

    /** The rule in words, e.g. "temperature above 30 for 5 min"; the device's name goes in front. */
    public String describe() {
        String hold = forSeconds == 0 ? "" : " for " + AlertWords.duration(forSeconds);
        if (kind == AlertKind.OFFLINE) {
            return "silent" + hold;
        }
        return sensor + " " + kind.wire() + " " + AlertWords.number(threshold) + hold;
    }

    @Override
    public String toString() {
        return "AlertRule[" + objectId + ", device " + deviceId + ", " + describe() + "]";
    }
}
