package dev.pifleet.ingest.export;

import dev.pifleet.devicestore.DeviceRight;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.ingest.history.ReadingHistory;
import dev.pifleet.ingest.range.TimeRange;
import dev.pifleet.sensorlog.ReadingPages;
import dev.pifleet.sensorlog.RowPosition;
import dev.pifleet.sensorlog.SensorLogStore;
import dev.pifleet.sensorlog.StoredReading;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A device's readings as CSV, streamed page by page (memory stays flat at any size). The header names every sensor
 * of the range, so the rows are read twice: once for the names, once to write them.
 */
@ApplicationScoped
public class CsvExport {

    private final DeviceStore devices;
    private final SensorLogStore readings;
    private final int pageSize;

    CsvExport(DeviceStore devices, SensorLogStore readings, ReadingHistory history) {
        this.devices = devices;
        this.readings = readings;
        this.pageSize = history.largestPage();
    }

    /** Checks the caller and the range before anything is streamed: errors are still JSON answers. */
    public Download export(String userId, String deviceId, String from, String to) {
        TimeRange range = TimeRange.optional(from, to);
        String deviceObjectId = devices.require(userId, deviceId, DeviceRight.VIEW).objectId();
        StreamingOutput body = output -> {
            TreeSet<String> names = new TreeSet<>();
            forEach(deviceObjectId, range, reading -> names.addAll(reading.sensors().keySet()));
            Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            List<String> header = new ArrayList<>(List.of("timestamp", "id"));
            header.addAll(names);
            writer.write(Csv.record(header));
            forEach(deviceObjectId, range, reading -> {
                List<String> row = new ArrayList<>(header.size());
                row.add(reading.timestamp().toString());
                row.add(Csv.cell(reading.readingId()));
                names.forEach(name -> row.add(Csv.cell(reading.sensors().get(name))));
                try {
                    writer.write(Csv.record(row));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
        };
        return new Download(fileName(deviceId, range), body);
    }

    private void forEach(String deviceObjectId, TimeRange range, Consumer<StoredReading> action) {
        ReadingPages.forEach((after, limit) -> readings.page(deviceObjectId, range.from(), range.to(), after, limit),
                RowPosition::taken, pageSize, action);
    }

    /** e.g. pifleet-greenhouse-1_2026-11-01T00-00-00Z_2026-12-01T00-00-00Z.csv: no characters a file system minds. */
    static String fileName(String deviceId, TimeRange range) {
        String name = "pifleet-" + deviceId + "_" + stamp(range.from(), "start") + "_" + stamp(range.to(), "now") + ".csv";
        return name.replace(':', '-');
    }

    private static String stamp(Instant time, String absent) {
        return time == null ? absent : time.toString();
    }

    public record Download(String fileName, StreamingOutput body) {
    }
}
