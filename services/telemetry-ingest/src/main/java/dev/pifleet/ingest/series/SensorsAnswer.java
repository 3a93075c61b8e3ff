package dev.pifleet.ingest.series;

import java.util.List;

/** The names of a device's sensors with numeric (or boolean) values in a range, sorted. */
public record SensorsAnswer(boolean success, List<String> sensors) {
}
