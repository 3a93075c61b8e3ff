package dev.pifleet.agent.fleet;

import java.time.Duration;
import java.util.List;

/** The four settings the cloud may change, as the agent uses them. */
public record Settings(Duration readingInterval, Duration heartbeatInterval, List<String> sensors, int uploadBatchSize) {

    public Settings {
        sensors = List.copyOf(sensors);
    }
}
