package dev.pifleet.ingest.heartbeat;

import java.time.Instant;

/** {@code deviceId} is the device the key belongs to, so an agent can check a key is its own. */
public record HeartbeatAnswer(boolean success, Instant serverTime, String deviceId) {
}
