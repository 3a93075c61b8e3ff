package dev.pifleet.agent.sender;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One sample of all sensors, as the ingest takes it; the id makes a resend a duplicate, never a second row. */
@RegisterForReflection
public record Reading(String id, Instant timestamp, Map<String, Double> sensors) {

    public static Reading of(Instant timestamp, Map<String, Double> sensors) {
        return new Reading(UUID.randomUUID().toString(), timestamp, Map.copyOf(sensors));
    }
}
