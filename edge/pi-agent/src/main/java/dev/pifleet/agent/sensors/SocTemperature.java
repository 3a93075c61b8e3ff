package dev.pifleet.agent.sensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The SoC's own temperature from the kernel's thermal zone (millidegrees Celsius in sysfs). */
public final class SocTemperature implements Sensor {

    private final Path path;

    public SocTemperature(Path path) {
        this.path = path;
    }

    @Override
    public String name() {
        return "soc-temperature";
    }

    @Override
    public Map<String, Double> read() throws IOException {
        String text = Files.readString(path).trim();
        try {
            return Map.of("cpu_temperature", Long.parseLong(text) / 1000.0);
        } catch (NumberFormatException e) {
            throw new IOException(path + " does not hold millidegrees: " + text);
        }
    }
}
