package dev.pifleet.sensorlog;

/**
 * Sensor names as keys of stored JSON objects ({@code SensorLog.data}, {@code SensorRollup.sensors}).
 *
 * <p>The contract allows '.' in sensor names, but Parse refuses object keys containing '.' (code 121: it reads
 * them as nested paths). Stored keys carry U+FF0E FULLWIDTH FULL STOP instead; no sensor name may contain it
 * ({@link dev.pifleet.device.SensorNames}), so the mapping is reversible.
 */
public final class SensorKeys {

    private static final char DOT = '.';
    private static final char STORED_DOT = '\uFF0E';

    private SensorKeys() {
    }

    public static String toStored(String sensorName) {
        return sensorName.replace(DOT, STORED_DOT);
    }

    public static String fromStored(String storedKey) {
        return storedKey.replace(STORED_DOT, DOT);
    }
}
