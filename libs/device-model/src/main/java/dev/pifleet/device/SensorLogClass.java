package dev.pifleet.device;

/** The Parse class {@code SensorLog} (schema: parse-server/schema.js). */
public final class SensorLogClass {

    public static final String NAME = "SensorLog";
    public static final String DEVICE = "device";
    public static final String TIMESTAMP = "timestamp";
    public static final String DATA = "data";
    public static final String READING_ID = "readingId";

    private SensorLogClass() {
    }
}
