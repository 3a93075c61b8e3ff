package dev.pifleet.device.fleet;

import java.time.Instant;

/**
 * The heartbeat's answer. {@code deviceId} is the device the key belongs to, so an agent can check a key is its own.
 * {@code configVersion} (the desired document's) and {@code pendingCommands} are the fallback to the long-poll: an
 * agent that sees either differ from what it has asks {@code GET /api/device/commands?waitSeconds=0}.
 */
public record HeartbeatAnswer(boolean success, Instant serverTime, String deviceId, long configVersion,
        int pendingCommands) {
}
