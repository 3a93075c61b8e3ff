package dev.pifleet.ingest.heartbeat;

import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** The optional heartbeat body; the seed sends none. */
public record HeartbeatRequest(@PositiveOrZero Long uptimeSeconds, @Size(max = 64) String agentVersion) {
}
