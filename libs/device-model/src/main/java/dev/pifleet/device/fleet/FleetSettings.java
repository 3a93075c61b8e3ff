package dev.pifleet.device.fleet;

import dev.pifleet.device.ReadingLimits;

/**
 * The bounds of each setting the cloud may give an agent, written once for the registry's validation and the agent's.
 * A setting missing from the desired document falls back to the agent's own default (its agent.properties).
 */
public final class FleetSettings {

    public static final int READING_INTERVAL_MIN = 5;
    public static final int READING_INTERVAL_MAX = 86_400;
    public static final int HEARTBEAT_INTERVAL_MIN = 10;
    public static final int HEARTBEAT_INTERVAL_MAX = 3_600;
    public static final int UPLOAD_BATCH_MIN = 1;
    public static final int UPLOAD_BATCH_MAX = ReadingLimits.MAX_PER_REQUEST;
    /** Sensors the desired document may name: the agent's sensor kinds ({@code bme280}, {@code simulated}, ...). */
    public static final int MAX_SENSORS = 16;
    public static final String SENSOR_KIND = "^[a-z0-9][a-z0-9-]{0,31}$";
    public static final String SENSOR_KIND_MESSAGE = "a sensor kind is 1-32 of a-z 0-9 - (e.g. bme280, simulated)";

    /** How long a device may hold {@code GET /api/device/commands} open. */
    public static final int MAX_WAIT_SECONDS = 60;

    private FleetSettings() {
    }
}
