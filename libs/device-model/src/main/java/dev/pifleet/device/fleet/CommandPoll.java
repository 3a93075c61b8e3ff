package dev.pifleet.device.fleet;

import java.util.List;

/**
 * The answer to {@code GET /api/device/commands?waitSeconds=N&configVersion=V}: {@code config} is the whole desired
 * document when its version differs from V (null otherwise), {@code commands} the commands waiting for the device (now
 * marked sent). Both empty after N seconds without news.
 */
public record CommandPoll(boolean success, DesiredConfig config, List<DeviceCommand> commands) {
}
