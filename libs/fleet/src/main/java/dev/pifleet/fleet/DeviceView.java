package dev.pifleet.fleet;

import dev.pifleet.device.DeviceStatus;
import dev.pifleet.devicestore.DeviceRole;
import dev.pifleet.devicestore.StoredDevice;
import java.time.Instant;
import java.util.List;

/**
 * A device as its owner sees it: no key, no key hash, no agent key, no Parse ids. {@code pairing} is {@code code}
 * (the Pi proved possession and collects its own keys) or {@code legacy} (paired by deviceId). {@code agent} is the
 * agent's last stored heartbeat report (null before the first), {@code config} where it stands with its desired
 * configuration: all the fleet page needs, in the one list request. {@code shared} marks a device another account
 * shared with the caller, {@code role} is the caller's: owner, operator or viewer (docs/api.md, "Sharing a device").
 * The registry's device answers and the ingest's overview (a device page's one request per refresh) both give it.
 */
public record DeviceView(String deviceId, String name, String status, Instant lastSeen, Instant createdAt,
        String pairing, List<String> tags, AgentState agent, ConfigSummary config, boolean shared, String role) {

    /** The desired version, the version the agent last reported, and applied | pending | rejected (with the reason). */
    public record ConfigSummary(long desiredVersion, Long reportedVersion, String state, String error) {

        static ConfigSummary of(ConfigRow row) {
            return new ConfigSummary(row.desired().version(), row.reported() == null ? null : row.reported().version(),
                    row.state().wireName(), row.reported() == null ? null : row.reported().error());
        }
    }

    public static DeviceView of(StoredDevice device, DeviceRole role, DeviceStatus status, ConfigRow fleet) {
        return new DeviceView(device.deviceId(), device.name(), status.wireName(), device.lastSeen(), device.createdAt(),
                device.pairedByCode() ? "code" : "legacy", device.tags(), fleet.agent(), ConfigSummary.of(fleet),
                role != DeviceRole.OWNER, role.wireName());
    }
}
