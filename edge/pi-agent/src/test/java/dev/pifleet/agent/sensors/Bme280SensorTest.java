package dev.pifleet.agent.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.io.i2c.I2C;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Register values from Bosch's worked example (BMP280 datasheet BST-BMP280-DS001, 3.12, whose temperature and
 * pressure compensation the BME280 shares): dig_T1..T3 = 27504, 26435, -1000; dig_P1..P9 = 36477, -10685, 3024,
 * 2855, 140, -7, 15500, -14600, 6000; adc_T = 519888, adc_P = 415148 give t_fine = 128422, T = 25.08 °C and
 * p = 100653.27 Pa (floating-point; the int64 formula gives 25767233 / 256 = 100653.25 Pa).
 * Humidity uses typical BME280 trimming (dig_H1..H6 = 75, 362, 0, 313, 50, 30) and adc_H = 30000, for which the
 * datasheet's bme280_compensate_H_int32 gives 56317 / 1024 = 55.00 %RH (worked through in Python).
 */
class Bme280SensorTest {

    private static final int ADDRESS = 0x76;
    private static final int[] CALIB_88 = {112, 107, 67, 103, 24, 252, 125, 142, 67, 214, 208, 11, 39, 11, 140, 0, 249,
        255, 140, 60, 248, 198, 112, 23, 0, 75};
    private static final int[] CALIB_E1 = {106, 1, 0, 19, 41, 3, 30};
    private static final int[] DATA_F7 = {0x65, 0x5a, 0xc0, 0x7e, 0xed, 0x00, 0x75, 0x30};

    private final I2cBus bus = MockI2cBus.create();

    @AfterEach
    void closeBus() {
        bus.close();
    }

    @Test
    void calibrationRegistersAreDecodedAsTheDatasheetLaysThemOut() {
        Bme280Calibration calibration = Bme280Calibration.parse(bytes(CALIB_88), bytes(CALIB_E1));

        assertThat(calibration).isEqualTo(new Bme280Calibration(27504, 26435, -1000,
                36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000,
                75, 362, 0, 313, 50, 30));
    }

    @Test
    void integerCompensationMatchesBoschsWorkedExample() {
        Bme280Calibration calibration = Bme280Calibration.parse(bytes(CALIB_88), bytes(CALIB_E1));

        int tFine = calibration.tFine(519888);

        assertThat(tFine).isEqualTo(128422);
        assertThat((tFine * 5 + 128) >> 8).isEqualTo(2508);
        assertThat(calibration.pressureQ24_8(415148, tFine)).isEqualTo(25767233L);
        assertThat(calibration.humidityQ22_10(30000, tFine)).isEqualTo(56317);
    }

    @Test
    void forcedMeasurementThroughPi4jGivesCelsiusHectopascalAndPercent() throws Exception {
        I2C chip = bus.device(ADDRESS);
        MockI2cBus.preset(chip, Bme280Sensor.REG_CHIP_ID, 0x60);
        MockI2cBus.preset(chip, Bme280Sensor.REG_CALIB_00, CALIB_88);
        MockI2cBus.preset(chip, Bme280Sensor.REG_CALIB_26, CALIB_E1);
        MockI2cBus.preset(chip, Bme280Sensor.REG_DATA, DATA_F7);

        Map<String, Double> values = new Bme280Sensor(bus, ADDRESS).read();

        assertThat(values.get("temperature")).isEqualTo(25.08);
        assertThat(values.get("pressure")).isCloseTo(1006.5327, within(0.01));
        assertThat(values.get("humidity")).isEqualTo(55.0);
        // It asked for one forced measurement with x1 oversampling.
        assertThat(chip.readRegister(Bme280Sensor.REG_CTRL_HUM)).isEqualTo(0x01);
        assertThat(chip.readRegister(Bme280Sensor.REG_CTRL_MEAS)).isEqualTo(0x25);
    }

    @Test
    void aChipThatIsNotABme280IsReportedNotMisread() {
        MockI2cBus.preset(bus.device(ADDRESS), Bme280Sensor.REG_CHIP_ID, 0x58);

        assertThatThrownBy(() -> new Bme280Sensor(bus, ADDRESS).read())
                .isInstanceOf(IOException.class).hasMessageContaining("BMP280");
    }

    private static byte[] bytes(int[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
