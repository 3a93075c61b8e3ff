package dev.pifleet.sensorlog;

/** Count, sum, min and max of some values: exact to merge, so summaries of summaries stay exact. */
public record Stats(long count, double sum, double min, double max) {

    public static Stats of(double value) {
        return new Stats(1, value, value, value);
    }

    public Stats plus(Stats other) {
        return new Stats(count + other.count, sum + other.sum, Math.min(min, other.min), Math.max(max, other.max));
    }

    public double avg() {
        return sum / count;
    }
}
