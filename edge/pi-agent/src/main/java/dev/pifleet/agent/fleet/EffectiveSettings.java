package dev.pifleet.agent.fleet;

import dev.pifleet.device.fleet.DesiredConfig;
import java.time.Duration;
import java.util.List;

/**
 * The settings in force and where each came from: the cloud's applied document wins for every setting it sets, the
 * local configuration (agent.properties) gives the rest. Pure: {@link #merge} is all there is.
 */
public record EffectiveSettings(Setting<Duration> readingInterval, Setting<Duration> heartbeatInterval,
        Setting<List<String>> sensors, Setting<Integer> uploadBatchSize) {

    public static final String LOCAL = "local";
    public static final String CLOUD = "cloud";

    /** One setting's value and its source: {@value #LOCAL} or {@value #CLOUD}. */
    public record Setting<T>(T value, String source) {
    }

    public static EffectiveSettings merge(Settings local, DesiredConfig applied) {
        return new EffectiveSettings(
                pick(seconds(applied.readingIntervalSeconds()), local.readingInterval()),
                pick(seconds(applied.heartbeatIntervalSeconds()), local.heartbeatInterval()),
                pick(applied.sensors() == null ? null : List.copyOf(applied.sensors()), local.sensors()),
                pick(applied.uploadBatchSize(), local.uploadBatchSize()));
    }

    public Settings values() {
        return new Settings(readingInterval.value(), heartbeatInterval.value(), sensors.value(), uploadBatchSize.value());
    }

    private static <T> Setting<T> pick(T cloud, T local) {
        return cloud == null ? new Setting<>(local, LOCAL) : new Setting<>(cloud, CLOUD);
    }

    private static Duration seconds(Integer seconds) {
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }
}
