package dev.pifleet.device.fleet;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import dev.pifleet.device.release.UpdateOffer;
import java.util.List;

/**
 * A device's desired configuration: one versioned document, written by its owner, applied by its agent. A null setting
 * is not set by the cloud: the agent keeps its local default for it. Version 0 means "no document yet". {@code update}
 * is the agent release a rollout offers this device (docs/ota.md), null when none.
 */
public record DesiredConfig(
        @PositiveOrZero long version,
        @Min(FleetSettings.READING_INTERVAL_MIN) @Max(FleetSettings.READING_INTERVAL_MAX) Integer readingIntervalSeconds,
        @Min(FleetSettings.HEARTBEAT_INTERVAL_MIN) @Max(FleetSettings.HEARTBEAT_INTERVAL_MAX) Integer heartbeatIntervalSeconds,
        @Size(max = FleetSettings.MAX_SENSORS) List<@NotNull @Pattern(regexp = FleetSettings.SENSOR_KIND,
                message = FleetSettings.SENSOR_KIND_MESSAGE) String> sensors,
        @Min(FleetSettings.UPLOAD_BATCH_MIN) @Max(FleetSettings.UPLOAD_BATCH_MAX) Integer uploadBatchSize,
        UpdateOffer update) {

    public static final DesiredConfig NONE = new DesiredConfig(0, null, null, null, null);

    /** A document without an agent update offer. */
    public DesiredConfig(long version, Integer readingIntervalSeconds, Integer heartbeatIntervalSeconds,
            List<String> sensors, Integer uploadBatchSize) {
        this(version, readingIntervalSeconds, heartbeatIntervalSeconds, sensors, uploadBatchSize, null);
    }
}
