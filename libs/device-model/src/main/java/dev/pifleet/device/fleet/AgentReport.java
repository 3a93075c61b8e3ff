package dev.pifleet.device.fleet;

import dev.pifleet.device.release.UpdateReport;
import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The heartbeat's body: what the agent runs and how it is doing. Every field is optional (the seed's heartbeat sends no
 * body at all). {@code update} is the progress on the last agent update offer (docs/ota.md).
 */
public record AgentReport(
        @PositiveOrZero Long uptimeSeconds,
        @Size(max = 64) String agentVersion,
        @Size(max = 128) String os,
        @Size(max = 128) String kernel,
        @PositiveOrZero Long backlog,
        @PositiveOrZero Long oldestBufferedAgeSeconds,
        @PositiveOrZero Long freeDiskBytes,
        @Valid ConfigReport config,
        @Valid UpdateReport update) {

    /** A report without update progress. */
    public AgentReport(Long uptimeSeconds, String agentVersion, String os, String kernel, Long backlog,
            Long oldestBufferedAgeSeconds, Long freeDiskBytes, ConfigReport config) {
        this(uptimeSeconds, agentVersion, os, kernel, backlog, oldestBufferedAgeSeconds, freeDiskBytes, config, null);
    }
}
