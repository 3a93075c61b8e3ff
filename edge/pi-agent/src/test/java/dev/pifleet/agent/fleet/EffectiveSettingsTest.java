package dev.pifleet.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.agent.fleet.EffectiveSettings.Setting;
import dev.pifleet.device.fleet.DesiredConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EffectiveSettingsTest {

    private static final Settings LOCAL = new Settings(Duration.ofSeconds(60), Duration.ofSeconds(300),
            List.of("bme280", "soc-temperature"), 100);

    @Test
    void withoutACloudDocumentEverySettingIsLocal() {
        EffectiveSettings settings = EffectiveSettings.merge(LOCAL, DesiredConfig.NONE);

        assertThat(settings.readingInterval()).isEqualTo(new Setting<>(Duration.ofSeconds(60), "local"));
        assertThat(settings.heartbeatInterval()).isEqualTo(new Setting<>(Duration.ofSeconds(300), "local"));
        assertThat(settings.sensors()).isEqualTo(new Setting<>(List.of("bme280", "soc-temperature"), "local"));
        assertThat(settings.uploadBatchSize()).isEqualTo(new Setting<>(100, "local"));
        assertThat(settings.values()).isEqualTo(LOCAL);
    }

    @Test
    void theCloudWinsForEachSettingItSetsAndOnlyThose() {
        EffectiveSettings settings = EffectiveSettings.merge(LOCAL, new DesiredConfig(7, 5, null, List.of("bme280"), null));

        assertThat(settings.readingInterval()).isEqualTo(new Setting<>(Duration.ofSeconds(5), "cloud"));
        assertThat(settings.heartbeatInterval()).isEqualTo(new Setting<>(Duration.ofSeconds(300), "local"));
        assertThat(settings.sensors()).isEqualTo(new Setting<>(List.of("bme280"), "cloud"));
        assertThat(settings.uploadBatchSize()).isEqualTo(new Setting<>(100, "local"));
    }

    @Test
    void anEmptySensorListFromTheCloudMeansNoSensorNotTheLocalOnes() {
        assertThat(EffectiveSettings.merge(LOCAL, new DesiredConfig(8, null, 20, List.of(), 7)).sensors())
                .isEqualTo(new Setting<>(List.of(), "cloud"));
    }
}
