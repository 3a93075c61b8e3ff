package dev.pifleet.ingest.series;

import dev.pifleet.device.SensorNames;
import dev.pifleet.devicestore.DeviceAccess;
import dev.pifleet.devicestore.DeviceRight;
import dev.pifleet.fleet.DeviceViews;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.ingest.IngestConfig;
import dev.pifleet.ingest.range.TimeRange;
import dev.pifleet.ingest.rollup.RollupJob;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.sensorlog.ReadingPages;
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
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Downsampled series of a sensor, exact at any range: each part of the range is read from the stored minute, hour
 * or day summaries where they hold it whole, and from raw readings elsewhere ({@link SeriesPlan}).
 */
@ApplicationScoped
public class ReadingSeries {

    static final Duration DEFAULT_SPAN = Duration.ofDays(1);
    private static final long DAY = Duration.ofDays(1).toSeconds();
    /**
     * Readings the overview reads newest first for the latest values: every sensor a device sends at each reading
     * is in the first; a sensor sent more rarely shows its newest value among these, or none.
     */
    static final int LATEST_READINGS = 100;

    private final DeviceStore devices;
    private final DeviceViews deviceViews;
    private final SensorLogStore readings;
    private final RollupStore rollups;
    private final RollupJob rollupJob;
    private final int pageSize;
    private final long maxRawReadings;

    ReadingSeries(DeviceStore devices, DeviceViews deviceViews, SensorLogStore readings, RollupStore rollups,
            RollupJob rollupJob, IngestConfig config) {
        this.devices = devices;
        this.deviceViews = deviceViews;
        this.readings = readings;
        this.rollups = rollups;
        this.rollupJob = rollupJob;
        this.pageSize = ParseQuery.MAX_LIMIT - 1;
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
        long step = step(range, points);
        String deviceObjectId = devices.require(userId, deviceId, DeviceRight.VIEW).objectId();
        Map<String, TreeMap<Instant, Stats>> buckets = buckets(deviceObjectId, range, step, sensor::equals);
        return new SeriesAnswer(true, sensor, range.from(), range.to(), step,
                SeriesAnswer.Bucket.all(buckets.getOrDefault(sensor, new TreeMap<>())));
    }

    /** Sensors with numeric values in the range, from the coarsest summaries that cover it and raw readings. */
    public SensorsAnswer sensors(String userId, String deviceId, String from, String to) {
        TimeRange range = TimeRange.withDefaults(from, to, DEFAULT_SPAN, Instant.now());
        String deviceObjectId = devices.require(userId, deviceId, DeviceRight.VIEW).objectId();
        // A step of a day makes the plan use day summaries wherever whole days are settled.
        return new SensorsAnswer(true, List.copyOf(buckets(deviceObjectId, range, DAY, name -> true).keySet()));
    }

    /**
     * What a device page shows at one refresh: the device as the registry shows it (status, agent, config state),
     * every numeric sensor's series (one pass over the plan for all of them) and each sensor's newest value among the
     * range's newest readings (one newest-first query).
     */
    public OverviewAnswer overview(String userId, String deviceId, String from, String to, int points) {
        TimeRange range = TimeRange.withDefaults(from, to, DEFAULT_SPAN, Instant.now());
        long step = step(range, points);
        DeviceAccess access = devices.requireAccess(userId, deviceId, DeviceRight.VIEW);
        String deviceObjectId = access.device().objectId();
        List<OverviewAnswer.Series> series = buckets(deviceObjectId, range, step, name -> true).entrySet().stream()
                .map(sensor -> new OverviewAnswer.Series(sensor.getKey(), SeriesAnswer.Bucket.all(sensor.getValue())))
                .toList();
        List<StoredReading> newest = readings.newest(deviceObjectId, range.from(), range.to(), LATEST_READINGS);
        return new OverviewAnswer(true, deviceViews.of(access), range.from(), range.to(), step, SeriesSteps.table(),
                series, OverviewAnswer.Latest.of(newest));
    }

    private static long step(TimeRange range, int points) {
        try {
            return SeriesSteps.choose(range.from(), range.to(), points);
        } catch (IllegalArgumentException tooFew) {
            throw ApiException.badRequest("points", tooFew.getMessage());
        }
    }

    /** The wanted sensors' step-aligned buckets in the range, by sensor name (sorted); sensors without numbers absent. */
    private TreeMap<String, TreeMap<Instant, Stats>> buckets(String deviceObjectId, TimeRange range, long step,
            Predicate<String> wanted) {
        TreeMap<String, TreeMap<Instant, Stats>> bySensor = new TreeMap<>();
        BiConsumer<String, Map.Entry<Instant, Stats>> add = (sensor, entry) -> bySensor
                .computeIfAbsent(sensor, unused -> new TreeMap<>())
                .merge(SeriesSteps.bucketOf(entry.getKey(), step), entry.getValue(), Stats::plus);
        for (SeriesPlan.Part part : SeriesPlan.of(range.from(), range.to(), step, rollupJob.settledBefore())) {
            if (part.raw()) {
                forEachRaw(deviceObjectId, part, step, reading -> reading.sensors().forEach((sensor, value) -> {
                    OptionalDouble number = SensorValues.numeric(value);
                    if (number.isPresent() && wanted.test(sensor)) {
                        add.accept(sensor, Map.entry(reading.timestamp(), Stats.of(number.getAsDouble())));
                    }
                }));
            } else {
                for (Rollup rollup : rollups.range(deviceObjectId, part.resolution(), part.from(), part.to(), pageSize)) {
                    rollup.sensors().forEach((sensor, stats) -> {
                        if (wanted.test(sensor)) {
                            add.accept(sensor, Map.entry(rollup.key().bucket(), stats));
                        }
                    });
                }
            }
        }
        return bySensor;
    }

    private void forEachRaw(String deviceObjectId, SeriesPlan.Part part, long step, Consumer<StoredReading> action) {
        long read = ReadingPages.forEach((after, limit) -> readings.page(deviceObjectId, part.from(), part.to(), after, limit),
                RowPosition::taken, null, maxRawReadings, pageSize, action);
        if (read >= maxRawReadings) {
            throw tooManyRaw(step);
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
