package dev.pifleet.sensorlog;

import java.util.OptionalDouble;

/** Which stored values are summarised: numbers, and booleans as 0 and 1 (as the dashboard draws them). */
public final class SensorValues {

    private SensorValues() {
    }

    public static OptionalDouble numeric(Object value) {
        return switch (value) {
            case Number number -> OptionalDouble.of(number.doubleValue());
            case Boolean flag -> OptionalDouble.of(flag ? 1 : 0);
            case null, default -> OptionalDouble.empty();
        };
    }
}
