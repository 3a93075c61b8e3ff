package dev.pifleet.device;

/** The Parse class {@code Device} (schema: parse-server/schema.js). */
public final class DeviceClass {

    public static final String NAME = "Device";
    public static final String DEVICE_ID = "deviceId";
    public static final String DEVICE_NAME = "name";
    public static final String OWNER = "owner";
    public static final String API_KEY_HASH = "apiKeyHash";
    public static final String STATUS = "status";
    public static final String LAST_SEEN = "lastSeen";

    private DeviceClass() {
    }
}
