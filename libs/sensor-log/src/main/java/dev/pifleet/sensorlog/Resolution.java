package dev.pifleet.sensorlog;

import java.time.Instant;

/** The summaries kept per device: one per UTC minute, hour and day, each aligned to the Unix epoch. */
public enum Resolution {
    MINUTE("m", 60),
    HOUR("h", 3_600),
    DAY("d", 86_400);

    private final String code;
    private final long seconds;

    Resolution(String code, long seconds) {
        this.code = code;
        this.seconds = seconds;
    }

    public String code() {
        return code;
    }

    public long seconds() {
        return seconds;
    }

    /** The start of the bucket of this resolution that holds {@code time}. */
    public Instant bucketOf(Instant time) {
        return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), seconds) * seconds);
    }

    public static Resolution ofCode(String code) {
        for (Resolution resolution : values()) {
            if (resolution.code.equals(code)) {
                return resolution;
            }
        }
        throw new IllegalArgumentException("no resolution " + code);
    }
}
