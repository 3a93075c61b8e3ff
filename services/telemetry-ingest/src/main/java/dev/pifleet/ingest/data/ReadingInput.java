package dev.pifleet.ingest.data;

import dev.pifleet.device.ReadingLimits;
import dev.pifleet.device.SensorName;
import dev.pifleet.device.SensorValue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** One reading of a batch: a client id for idempotent retries, when it was taken, and its sensor values. */
public record ReadingInput(
        @Pattern(regexp = ReadingLimits.READING_ID, message = ReadingLimits.READING_ID_MESSAGE) String id,
        String timestamp,
        @NotNull @Size(min = 1, max = ReadingLimits.MAX_SENSORS, message = ReadingLimits.SENSORS_SIZE_MESSAGE)
        Map<@SensorName String, @SensorValue Object> sensors) {
}
