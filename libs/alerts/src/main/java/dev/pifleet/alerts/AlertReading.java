package dev.pifleet.alerts;

import java.time.Instant;
import java.util.Map;

/** A stored reading as the threshold evaluation sees it: its time and its sensors' values. */
public record AlertReading(Instant timestamp, Map<String, Object> sensors) {
}
