package dev.pifleet.ingest.data;

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
        @Pattern(regexp = READING_ID, message = READING_ID_MESSAGE) String id,
        String timestamp,
        @Size(min = 1, max = MAX_SENSORS, message = SENSORS_SIZE_MESSAGE)
        Map<@SensorName String, @SensorValue Object> sensors,
        @Size(min = 1, max = MAX_BATCH) List<@NotNull @Valid ReadingInput> readings) {

    public static final int MAX_BATCH = 500;
    public static final int MAX_SENSORS = 32;
    public static final String SENSORS_SIZE_MESSAGE = "a reading has 1-32 sensor values";
    public static final String READING_ID = "^[A-Za-z0-9._:~-]{1,128}$";
    public static final String READING_ID_MESSAGE = "a reading id is 1-128 of A-Z a-z 0-9 . _ : ~ -";

    /** The readings of this request in the batch shape, a single reading being a batch of one. */
    List<ReadingInput> asBatch() {
        return readings != null ? readings : List.of(new ReadingInput(id, timestamp, sensors));
    }
}
