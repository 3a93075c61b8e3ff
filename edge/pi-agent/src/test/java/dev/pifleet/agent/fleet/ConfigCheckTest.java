package dev.pifleet.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.device.fleet.DesiredConfig;
import dev.pifleet.device.fleet.FleetSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

    private static final List<String> THIS_PI = List.of("bme280", "soc-temperature");

    @Test
    void aDocumentWithinTheBoundsNamingThisPisSensorsIsFine() {
        assertThat(ConfigCheck.problem(new DesiredConfig(3, 5, 10, List.of("bme280"), 500), THIS_PI)).isEmpty();
        assertThat(ConfigCheck.problem(new DesiredConfig(4, FleetSettings.READING_INTERVAL_MAX,
                FleetSettings.HEARTBEAT_INTERVAL_MAX, List.of(), 1), THIS_PI)).isEmpty();
        assertThat(ConfigCheck.problem(DesiredConfig.NONE, THIS_PI)).isEmpty();
    }

    @Test
    void aSensorThisPiLacksIsNamedInTheReasonWithTheOnesItHas() {
        assertThat(ConfigCheck.problem(new DesiredConfig(5, null, null, List.of("bme280", "ads1115-soil"), null), THIS_PI))
                .contains("this Pi has no sensor ads1115-soil (it has: bme280, soc-temperature)");
    }

    @Test
    void everySettingOutOfItsBoundsIsNamed() {
        String problem = ConfigCheck.problem(new DesiredConfig(6, 4, 3601, List.of("BME!"), 501), THIS_PI).orElseThrow();
        assertThat(problem)
                .contains("readingIntervalSeconds must be between 5 and 86400, not 4")
                .contains("heartbeatIntervalSeconds must be between 10 and 3600, not 3601")
                .contains("uploadBatchSize must be between 1 and 500, not 501")
                .contains("sensors: " + FleetSettings.SENSOR_KIND_MESSAGE);
    }
}
