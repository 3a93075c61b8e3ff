package dev.pifleet.fleet;

import dev.pifleet.device.fleet.FleetSettings;
import dev.pifleet.service.ApiException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashSet;
import java.util.List;

/**
 * {@code PATCH /api/devices/{deviceId}/config}: any subset of the settings; a setting left out keeps its value. With a
 * target ({@link FleetTargeted}), {@code POST /api/fleet/config}.
 */
public class ConfigChange extends FleetTargeted {

    @Min(FleetSettings.READING_INTERVAL_MIN)
    @Max(FleetSettings.READING_INTERVAL_MAX)
    public Integer readingIntervalSeconds;

    @Min(FleetSettings.HEARTBEAT_INTERVAL_MIN)
    @Max(FleetSettings.HEARTBEAT_INTERVAL_MAX)
    public Integer heartbeatIntervalSeconds;

    @Size(min = 1, max = FleetSettings.MAX_SENSORS)
    public List<@NotNull @Pattern(regexp = FleetSettings.SENSOR_KIND, message = FleetSettings.SENSOR_KIND_MESSAGE) String> sensors;

    @Min(FleetSettings.UPLOAD_BATCH_MIN)
    @Max(FleetSettings.UPLOAD_BATCH_MAX)
    public Integer uploadBatchSize;

    public ConfigChange() {
    }

    public ConfigChange(Integer readingIntervalSeconds, Integer heartbeatIntervalSeconds, List<String> sensors,
            Integer uploadBatchSize) {
        this.readingIntervalSeconds = readingIntervalSeconds;
        this.heartbeatIntervalSeconds = heartbeatIntervalSeconds;
        this.sensors = sensors;
        this.uploadBatchSize = uploadBatchSize;
    }

    /** What Bean Validation cannot say: at least one setting, and each sensor once. */
    public void requireValid() {
        if (readingIntervalSeconds == null && heartbeatIntervalSeconds == null && sensors == null && uploadBatchSize == null) {
            throw ApiException.badRequest("readingIntervalSeconds",
                    "name at least one of readingIntervalSeconds, heartbeatIntervalSeconds, sensors, uploadBatchSize");
        }
        if (sensors != null && new HashSet<>(sensors).size() != sensors.size()) {
            throw ApiException.badRequest("sensors", "name each sensor once");
        }
    }
}
