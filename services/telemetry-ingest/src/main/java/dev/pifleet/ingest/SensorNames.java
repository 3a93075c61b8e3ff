package dev.pifleet.ingest;

/**
 * The contract allows '.' in sensor names, but Parse refuses object keys containing '.' (code 121: it reads
 * them as nested paths). Stored keys carry U+FF0E FULLWIDTH FULL STOP instead; no sensor name may contain it,
 * so the mapping is reversible.
 */
public final class SensorNames {

    private static final char DOT = '.';
    private static final char STORED_DOT = '\uFF0E';

    private SensorNames() {
    }

    public static String toStored(String sensorName) {
        return sensorName.replace(DOT, STORED_DOT);
    }

    public static String fromStored(String storedKey) {
        return storedKey.replace(STORED_DOT, DOT);
    }
}
