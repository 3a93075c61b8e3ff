package dev.pifleet.alerts;

import java.time.Duration;
import java.time.Instant;

/**
 * One threshold rule's view of a device's readings: opens when the value has been beyond the threshold for
 * {@code forSeconds} (by the readings' own timestamps), resolves only once it is back past the threshold by the
 * deadband, so a value hovering at the line does not flap. Readings older than the newest one seen are ignored.
 * Not thread-safe: the caller serialises the readings of one device.
 */
public final class ThresholdEpisode {

    public enum Transition { NONE, OPEN, RESOLVE }

    private final boolean above;
    private final double threshold;
    private final double deadband;
    private final Duration hold;
    private boolean firing;
    private Instant breachSince;
    private Instant newest;

    public ThresholdEpisode(AlertKind kind, double threshold, double deadband, long forSeconds) {
        if (!kind.threshold()) {
            throw new IllegalArgumentException("not a threshold rule: " + kind);
        }
        this.above = kind == AlertKind.ABOVE;
        this.threshold = threshold;
        this.deadband = Math.max(0, deadband);
        this.hold = Duration.ofSeconds(forSeconds);
    }

    public Transition observe(Instant timestamp, double value) {
        if (Double.isNaN(value) || (newest != null && timestamp.isBefore(newest))) {
            return Transition.NONE;
        }
        newest = timestamp;
        if (firing) {
            boolean clear = above ? value <= threshold - deadband : value >= threshold + deadband;
            if (clear) {
                firing = false;
                breachSince = null;
                return Transition.RESOLVE;
            }
            return Transition.NONE;
        }
        boolean breach = above ? value > threshold : value < threshold;
        if (!breach) {
            breachSince = null;
            return Transition.NONE;
        }
        if (breachSince == null) {
            breachSince = timestamp;
        }
        if (Duration.between(breachSince, timestamp).compareTo(hold) >= 0) {
            firing = true;
            return Transition.OPEN;
        }
        return Transition.NONE;
    }

    public boolean firing() {
        return firing;
    }

    /** Writing the open failed: the next breaching reading tries again, without waiting forSeconds anew. */
    public void openFailed() {
        firing = false;
    }

    /** Writing the resolution failed: the next clear reading tries again. */
    public void resolveFailed() {
        firing = true;
    }

    /** What Parse says (another replica may have opened or resolved the episode). */
    public void syncFiring(boolean openInParse) {
        if (firing != openInParse) {
            firing = openInParse;
            breachSince = null;
        }
    }
}
