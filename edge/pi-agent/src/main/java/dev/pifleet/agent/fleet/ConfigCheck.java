package dev.pifleet.agent.fleet;

import dev.pifleet.device.fleet.DesiredConfig;
import dev.pifleet.device.fleet.FleetSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether this Pi can take a desired document: every setting within the contract's bounds (the registry checks them
 * too, but the agent does not trust the wire), and every sensor one this Pi has (the ones its agent.properties
 * configures). Pure.
 */
public final class ConfigCheck {

    private static final Pattern SENSOR_KIND = Pattern.compile(FleetSettings.SENSOR_KIND);

    private ConfigCheck() {
    }

    /** Empty when the document can be applied, else why not (one sentence per problem, for the owner). */
    public static Optional<String> problem(DesiredConfig desired, Collection<String> sensorsOfThisPi) {
        List<String> problems = new ArrayList<>();
        within(problems, "readingIntervalSeconds", desired.readingIntervalSeconds(), FleetSettings.READING_INTERVAL_MIN,
                FleetSettings.READING_INTERVAL_MAX);
        within(problems, "heartbeatIntervalSeconds", desired.heartbeatIntervalSeconds(),
                FleetSettings.HEARTBEAT_INTERVAL_MIN, FleetSettings.HEARTBEAT_INTERVAL_MAX);
        within(problems, "uploadBatchSize", desired.uploadBatchSize(), FleetSettings.UPLOAD_BATCH_MIN,
                FleetSettings.UPLOAD_BATCH_MAX);
        if (desired.version() < 0) {
            problems.add("version must not be negative");
        }
        if (desired.sensors() != null) {
            if (desired.sensors().size() > FleetSettings.MAX_SENSORS) {
                problems.add("sensors: at most " + FleetSettings.MAX_SENSORS);
            }
            List<String> lacking = new ArrayList<>();
            for (String sensor : desired.sensors()) {
                if (sensor == null || !SENSOR_KIND.matcher(sensor).matches()) {
                    problems.add("sensors: " + FleetSettings.SENSOR_KIND_MESSAGE);
                } else if (!sensorsOfThisPi.contains(sensor) && !lacking.contains(sensor)) {
                    lacking.add(sensor);
                }
            }
            if (!lacking.isEmpty()) {
                problems.add("this Pi has no sensor " + String.join(", ", lacking) + " (it has: "
                        + String.join(", ", sensorsOfThisPi) + ")");
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static void within(List<String> problems, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            problems.add(field + " must be between " + min + " and " + max + ", not " + value);
        }
    }
}
