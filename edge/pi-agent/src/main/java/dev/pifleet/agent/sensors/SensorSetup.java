package dev.pifleet.agent.sensors;

import com.pi4j.Pi4J;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import dev.pifleet.agent.AgentConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Builds the sensors named in {@code pifleet.agent.sensors}; an unknown name stops the agent at start-up. */
@Singleton
public class SensorSetup {

    public static final List<String> KNOWN = List.of("simulated", "bme280", "ads1115-soil", "soc-temperature");

    /** Pi4J's context is only created when a hardware sensor first reads, so the simulator never loads Pi4J. */
    @Produces
    @Singleton
    I2cBus i2cBus(AgentConfig config) {
        // Only the Linux file-system I2C provider: no plugin scanning, no GPIO daemon, nothing else opened.
        return new I2cBus(config.i2c().bus(), () -> Pi4J.newContextBuilder().add(LinuxFsI2CProvider.newInstance()).build());
    }

    void close(@Disposes I2cBus bus) {
        bus.close();
    }

    @Produces
    @Singleton
    List<Sensor> sensors(AgentConfig config, I2cBus bus) {
        List<Sensor> sensors = new ArrayList<>();
        for (String name : config.sensors()) {
            sensors.add(switch (name.trim()) {
                case "simulated" -> new SimulatedSensors(RandomGenerator.getDefault());
                case "bme280" -> new Bme280Sensor(bus, config.bme280().address());
                case "ads1115-soil" -> new Ads1115SoilMoisture(bus, config.soil().address(),
                        config.soil().channel(), config.soil().dryRaw(), config.soil().wetRaw());
                case "soc-temperature" -> new SocTemperature(config.socTemperaturePath());
                default -> throw new IllegalStateException("unknown sensor '" + name + "' in pifleet.agent.sensors; known: "
                        + String.join(", ", KNOWN));
            });
        }
        return List.copyOf(sensors);
    }
}
