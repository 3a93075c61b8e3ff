package dev.pifleet.ingest.data;

import dev.pifleet.device.ReadingLimits;
import dev.pifleet.device.SensorName;
import dev.pifleet.device.SensorValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/device/data}: either the seed's single reading ({@code sensors}, {@code timestamp},
 * optionally {@code id}) or a batch ({@code readings}).
 */
public record DataRequest(
        @Pattern(regexp = ReadingLimits.READING_ID, message = ReadingLimits.READING_ID_MESSAGE) String id,
        String timestamp,
        @Size(min = 1, max = ReadingLimits.MAX_SENSORS, message = ReadingLimits.SENSORS_SIZE_MESSAGE)
        Map<@SensorName String, @SensorValue Object> sensors,
        @Size(min = 1, max = ReadingLimits.MAX_PER_REQUEST) List<@NotNull @Valid ReadingInput> readings) {

    /** The readings of this request in the batch shape, a single reading being a batch of one. */
    List<ReadingInput> asBatch() {
        return readings != null ? readings : List.of(new ReadingInput(id, timestamp, sensors));
    }
}
