package dev.pifleet.ingest.data;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** One reading of a batch: a client id for idempotent retries, when it was taken, and its sensor values. */
public record ReadingInput(
        @Pattern(regexp = DataRequest.READING_ID, message = DataRequest.READING_ID_MESSAGE) String id,
        String timestamp,
        @NotNull @Size(min = 1, max = DataRequest.MAX_SENSORS, message = DataRequest.SENSORS_SIZE_MESSAGE)
        Map<@SensorName String, @SensorValue Object> sensors) {
}
