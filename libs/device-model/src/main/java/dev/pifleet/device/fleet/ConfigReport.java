package dev.pifleet.device.fleet;

import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * What the agent did with a desired document: {@code appliedAt} when it took it, {@code error} (and no appliedAt) when it
 * refused it, e.g. naming a sensor this Pi does not have. Sent in every heartbeat.
 */
public record ConfigReport(@PositiveOrZero long version, Instant appliedAt, @Size(max = 500) String error) {
}
