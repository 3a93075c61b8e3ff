package dev.pifleet.fleet;

import dev.pifleet.device.fleet.ConfigReport;
import dev.pifleet.device.fleet.DesiredConfig;
import dev.pifleet.device.release.UpdateReport;

/**
 * A device's {@code DeviceConfig} row: the desired document, what the agent reported about it, and the agent's last
 * heartbeat report ({@code agent} null until one was stored), and its progress on an agent update offer.
 */
public record ConfigRow(String objectId, String deviceObjectId, DesiredConfig desired, ConfigReport reported,
        AgentState agent, UpdateReport update) {

    public ConfigRow(String objectId, String deviceObjectId, DesiredConfig desired, ConfigReport reported,
            AgentState agent) {
        this(objectId, deviceObjectId, desired, reported, agent, null);
    }

    /** A device without a row: no desired document, nothing reported. */
    public static ConfigRow none(String deviceObjectId) {
        return new ConfigRow(null, deviceObjectId, DesiredConfig.NONE, null, null, null);
    }

    public ConfigState state() {
        return ConfigState.of(desired.version(), reported);
    }
}
