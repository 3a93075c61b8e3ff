package dev.pifleet.agent.sensors;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.io.i2c.I2C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ADS1115 datasheet (SBAS444): config register 0x01, conversion register 0x00 (16-bit two's complement, MSB first).
 * With PGA ±4.096 V one step is 125 µV, so a probe at 1.8 V reads 14400 (0x3840).
 */
class Ads1115SoilMoistureTest {

    private static final int ADDRESS = 0x48;
    private final I2cBus bus = MockI2cBus.create();

    @AfterEach
    void closeBus() {
        bus.close();
    }

    @Test
    void singleShotOnTheConfiguredChannelGivesCalibratedPercent() throws Exception {
        I2C adc = bus.device(ADDRESS);
        MockI2cBus.preset(adc, Ads1115SoilMoisture.REG_CONVERSION, 0x38, 0x40);
        var sensor = new Ads1115SoilMoisture(bus, ADDRESS, 2, 22000, 9500);

        var values = sensor.read();

        // (22000 - 14400) / (22000 - 9500) = 60.8 %
        assertThat(values).containsEntry("soil_moisture", 60.8).containsEntry("soil_moisture_raw", 14400.0);
        // OS=1 start, MUX=110 (AIN2 vs GND), PGA=001, MODE=1 single-shot, DR=100, comparator off: 0xE383.
        byte[] config = new byte[2];
        adc.readRegister(Ads1115SoilMoisture.REG_CONFIG, config, 0, 2);
        assertThat(config).containsExactly(0xE3, 0x83);
    }

    @Test
    void configWordSelectsEachSingleEndedInput() {
        assertThat(Ads1115SoilMoisture.configWord(0)).isEqualTo(0xC383);
        assertThat(Ads1115SoilMoisture.configWord(1)).isEqualTo(0xD383);
        assertThat(Ads1115SoilMoisture.configWord(3)).isEqualTo(0xF383);
    }

    @Test
    void readingsBeyondTheCalibrationAreClampedToZeroAndHundred() {
        var sensor = new Ads1115SoilMoisture(bus, ADDRESS, 0, 22000, 9500);

        assertThat(sensor.percent(26000)).isEqualTo(0.0);
        assertThat(sensor.percent(-5)).isEqualTo(100.0);
        assertThat(sensor.percent(22000)).isEqualTo(0.0);
        assertThat(sensor.percent(9500)).isEqualTo(100.0);
    }
}
