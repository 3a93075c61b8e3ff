package dev.pifleet.device.fleet;

import java.time.Instant;
import java.util.Map;

/** A command as the device receives it. The agent records {@code id} on disk before it runs it, so it runs once. */
public record DeviceCommand(String id, String name, Map<String, Object> args, Instant expiresAt) {
}
