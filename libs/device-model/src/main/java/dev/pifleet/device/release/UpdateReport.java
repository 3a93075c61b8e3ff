package dev.pifleet.device.release;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The Pi's progress on the offer it last took, sent in every heartbeat while it has one ({@code AgentReport.update}):
 * which rollout and version, the state ({@link UpdateState}'s wire names) and, for {@code failed} and
 * {@code rolled-back}, the reason in words. The running version itself is the report's {@code agentVersion}.
 */
public record UpdateReport(
        @NotNull @Size(min = 1, max = 32) @Pattern(regexp = "^[A-Za-z0-9]+$", message = "must be a rollout id") String rolloutId,
        @NotNull @Pattern(regexp = ReleaseVersions.PATTERN, message = ReleaseVersions.RULE) String version,
        @NotNull @Pattern(regexp = UpdateState.PATTERN, message = "must be one of downloading, verifying, installing,"
                + " succeeded, failed, rolled-back") String state,
        @Size(max = 500) String reason) {
}
