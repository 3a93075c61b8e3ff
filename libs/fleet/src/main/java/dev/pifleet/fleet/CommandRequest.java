package dev.pifleet.fleet;

import dev.pifleet.device.fleet.CommandName;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.Map;

/**
 * {@code POST /api/devices/{deviceId}/commands}: {@code {name, ttlSeconds?, args?}}. With a target
 * ({@link FleetTargeted}), {@code POST /api/fleet/commands}.
 */
public class CommandRequest extends FleetTargeted {

    @NotNull
    @Pattern(regexp = CommandName.PATTERN, message = "unknown command: upload-now, read-sensors, restart-agent, rotate-key or unpair")
    public String name;

    @Positive
    public Long ttlSeconds;

    public Map<String, Object> args;

    public CommandRequest() {
    }

    public CommandRequest(String name, Long ttlSeconds, Map<String, Object> args) {
        this.name = name;
        this.ttlSeconds = ttlSeconds;
        this.args = args;
    }
}
