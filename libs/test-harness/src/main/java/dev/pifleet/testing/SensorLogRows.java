package dev.pifleet.testing;

/**
 * The SensorLog columns as the tests expect to find them in Parse. Written out here, apart from the store that owns
 * the class (libs/sensor-log), so that the tests check the stored format instead of restating the code under test.
 */
public final class SensorLogRows {

    public static final String NAME = "SensorLog";
    public static final String DEVICE = "device";
    public static final String TIMESTAMP = "timestamp";
    public static final String DATA = "data";
    public static final String READING_ID = "readingId";

    private SensorLogRows() {
    }
}
