package dev.pifleet.ingest.series;

import dev.pifleet.device.SensorNames;
import dev.pifleet.devicestore.DeviceRight;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.ingest.IngestConfig;
import dev.pifleet.ingest.history.ReadingHistory;
import dev.pifleet.ingest.range.TimeRange;
import dev.pifleet.ingest.rollup.RollupJob;
import dev.pifleet.sensorlog.Rollup;
import dev.pifleet.sensorlog.RollupStore;
import dev.pifleet.sensorlog.RowPosition;
import dev.pifleet.sensorlog.SensorLogStore;
import dev.pifleet.sensorlog.SensorValues;
import dev.pifleet.sensorlog.Stats;
import dev.pifleet.sensorlog.StoredReading;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Downsampled series of a sensor, exact at any range: each part of the range is read from the stored minute, hour
 * or day summaries where they hold it whole, and from raw readings elsewhere ({@link SeriesPlan}).
 */
@ApplicationScoped
public class ReadingSeries {

    static final Duration DEFAULT_SPAN = Duration.ofDays(1);

    private final DeviceStore devices;
    private final SensorLogStore readings;
    private final RollupStore rollups;
    private final RollupJob rollupJob;
    private final int pageSize;
    private final long maxRawReadings;

    ReadingSeries(DeviceStore devices, SensorLogStore readings, RollupStore rollups, RollupJob rollupJob,
            ReadingHistory history, IngestConfig config) {
        this.devices = devices;
        this.readings = readings;
        this.rollups = rollups;
        this.rollupJob = rollupJob;
        this.pageSize = history.largestPage();
        this.maxRawReadings = config.series().maxRawReadings();
    }

    public SeriesAnswer series(String userId, String deviceId, String sensor, String from, String to, int points) {
        if (sensor == null) {
            throw ApiException.badRequest("sensor", "is required: the name of one sensor");
        }
        SensorNames.problem(sensor).ifPresent(problem -> {
            throw ApiException.badRequest("sensor", problem);
        });
        TimeRange range = TimeRange.withDefaults(from, to, DEFAULT_SPAN, Instant.now());
        String deviceObjectId = devices.require(userId, deviceId, DeviceRight.VIEW).objectId();
        long step;
        try {
            step = SeriesSteps.choose(range.from(), range.to(), points);
        } catch (IllegalArgumentException tooFew) {
            throw ApiException.badRequest("points", tooFew.getMessage());
        }
        TreeMap<Instant, Stats> buckets = new TreeMap<>();
        Consumer<Map.Entry<Instant, Stats>> add = entry -> buckets.merge(
                SeriesSteps.bucketOf(entry.getKey(), step), entry.getValue(), Stats::plus);
        for (SeriesPlan.Part part : SeriesPlan.of(range.from(), range.to(), step, rollupJob.settledBefore())) {
            if (part.raw()) {
                forEachRaw(deviceObjectId, part, step, reading -> {
                    OptionalDouble value = SensorValues.numeric(reading.sensors().get(sensor));
                    if (value.isPresent()) {
                        add.accept(Map.entry(reading.timestamp(), Stats.of(value.getAsDouble())));
                    }
                });
            } else {
                for (Rollup rollup : rollups.range(deviceObjectId, part.resolution(), part.from(), part.to(), pageSize)) {
                    Stats stats = rollup.sensors().get(sensor);
                    if (stats != null) {
                        add.accept(Map.entry(rollup.key().bucket(), stats));
                    }
                }
            }
        }
        return new SeriesAnswer(true, sensor, range.from(), range.to(), step, buckets.entrySet().stream()
                .map(bucket -> new SeriesAnswer.Bucket(bucket.getKey(), bucket.getValue().count(),
                        bucket.getValue().min(), bucket.getValue().max(), bucket.getValue().avg()))
                .toList());
    }

    /** Sensors with numeric values in the range, from the coarsest summaries that cover it and raw readings. */
    public SensorsAnswer sensors(String userId, String deviceId, String from, String to) {
        TimeRange range = TimeRange.withDefaults(from, to, DEFAULT_SPAN, Instant.now());
        String deviceObjectId = devices.require(userId, deviceId, DeviceRight.VIEW).objectId();
        TreeSet<String> names = new TreeSet<>();
        // A step of a day makes the plan use day summaries wherever whole days are settled.
        for (SeriesPlan.Part part : SeriesPlan.of(range.from(), range.to(), SeriesSteps.NICE[8], rollupJob.settledBefore())) {
            if (part.raw()) {
                forEachRaw(deviceObjectId, part, 0, reading -> reading.sensors().forEach((name, value) -> {
                    if (SensorValues.numeric(value).isPresent()) {
                        names.add(name);
                    }
                }));
            } else {
                rollups.range(deviceObjectId, part.resolution(), part.from(), part.to(), pageSize)
                        .forEach(rollup -> names.addAll(rollup.sensors().keySet()));
            }
        }
        return new SensorsAnswer(true, List.copyOf(names));
    }

    private void forEachRaw(String deviceObjectId, SeriesPlan.Part part, long step, Consumer<StoredReading> action) {
        RowPosition after = null;
        long read = 0;
        while (true) {
            List<StoredReading> page = readings.page(deviceObjectId, part.from(), part.to(), after, pageSize);
            page.forEach(action);
            read += page.size();
            if (page.size() < pageSize) {
                return;
            }
            if (read >= maxRawReadings) {
                throw tooManyRaw(step);
            }
            StoredReading last = page.getLast();
            after = new RowPosition(last.timestamp(), last.objectId());
        }
    }

    private ApiException tooManyRaw(long step) {
        if (step > 0 && step < 60) {
            return ApiException.badRequest("points", "the range holds more than " + maxRawReadings
                    + " readings, too many to summarise below a minute: ask for fewer points or a shorter range");
        }
        return ApiException.unavailable("the summaries of recent readings are still being computed; retry later",
                Duration.ofSeconds(30));
    }
}
