package dev.pifleet.fleet;

import java.time.Instant;

/** The agent's last stored heartbeat report (see {@link dev.pifleet.device.fleet.AgentReport}) and when it came. */
public record AgentState(String agentVersion, String os, String kernel, Long uptimeSeconds, Long backlog,
        Long oldestBufferedAgeSeconds, Long freeDiskBytes, Instant reportedAt) {
}
