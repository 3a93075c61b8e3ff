package dev.pifleet.agent.sensors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Plausible values for a machine without sensors (the default off a Pi): each value wanders around a mean and is
 * pulled back towards it, and the soil slowly dries until it is "watered".
 */
public final class SimulatedSensors implements Sensor {

    private record Drift(double mean, double step, double min, double max) {
    }

    private static final Map<String, Drift> DRIFTS = Map.of(
            "temperature", new Drift(21.5, 0.15, -10, 45),
            "humidity", new Drift(48, 0.5, 5, 95),
            "pressure", new Drift(1013.25, 0.2, 950, 1050),
            "cpu_temperature", new Drift(47, 0.6, 30, 85));

    private final RandomGenerator random;
    private final Map<String, Double> values = new LinkedHashMap<>();
    private double soil = 65;

    public SimulatedSensors(RandomGenerator random) {
        this.random = random;
        DRIFTS.forEach((name, drift) -> values.put(name, drift.mean()));
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public synchronized Map<String, Double> read() {
        DRIFTS.forEach((name, drift) -> {
            double value = values.get(name);
            value += (drift.mean() - value) * 0.05 + random.nextGaussian() * drift.step();
            values.put(name, Math.max(drift.min(), Math.min(drift.max(), value)));
        });
        soil = soil < 25 ? 70 : soil - random.nextDouble(0.05, 0.3);
        Map<String, Double> reading = new LinkedHashMap<>();
        values.forEach((name, value) -> reading.put(name, Math.round(value * 100) / 100.0));
        reading.put("soil_moisture", Math.round(soil * 10) / 10.0);
        return reading;
    }
}
