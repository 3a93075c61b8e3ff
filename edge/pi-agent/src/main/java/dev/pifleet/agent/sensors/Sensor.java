package dev.pifleet.agent.sensors;

import java.util.Map;

/** One physical (or simulated) sensor: each read gives named values, e.g. {@code temperature -> 21.4}. */
public interface Sensor {

    /** The name in configuration and in /status, e.g. {@code bme280}. */
    String name();

    /** Reads now; any exception means this sensor is skipped for this reading and the error shown in /status. */
    Map<String, Double> read() throws Exception;
}
