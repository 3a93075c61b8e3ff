package dev.pifleet.device;

/** The contract's limits on what a device sends to {@code POST /api/device/data}. */
public final class ReadingLimits {

    /** Readings in one request. */
    public static final int MAX_PER_REQUEST = 500;
    /** Sensor values in one reading. */
    public static final int MAX_SENSORS = 32;
    public static final String SENSORS_SIZE_MESSAGE = "a reading has 1-32 sensor values";
    /** A client's reading id, which makes a resent reading a duplicate instead of a second row. */
    public static final String READING_ID = "^[A-Za-z0-9._:~-]{1,128}$";
    public static final String READING_ID_MESSAGE = "a reading id is 1-128 of A-Z a-z 0-9 . _ : ~ -";

    private ReadingLimits() {
    }
}
