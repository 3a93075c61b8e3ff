package dev.pifleet.agent.sensors;

import com.pi4j.io.i2c.I2C;
import java.io.IOException;
import java.util.Map;

/**
 * Bosch BME280 on I2C: temperature (°C), humidity (%RH), pressure (hPa). One forced-mode measurement per read
 * with 1x oversampling and no filter (the datasheet's "weather monitoring" setting), so the sensor sleeps between
 * readings and does not warm itself.
 */
public final class Bme280Sensor implements Sensor {

    static final int REG_CHIP_ID = 0xD0;
    static final int REG_CALIB_00 = 0x88;
    static final int REG_CALIB_26 = 0xE1;
    static final int REG_CTRL_HUM = 0xF2;
    static final int REG_CTRL_MEAS = 0xF4;
    static final int REG_DATA = 0xF7;
    static final int CHIP_ID = 0x60;
    /** osrs_h = x1. */
    static final byte CTRL_HUM = 0x01;
    /** osrs_t = x1, osrs_p = x1, mode = forced (0b001_001_01). */
    static final byte CTRL_MEAS = 0x25;
    /** Datasheet 9.1: t_measure,max at x1/x1/x1 is 9.3 ms. */
    private static final long MEASURE_MILLIS = 10;

    private final I2cBus bus;
    private final int address;
    private Bme280Calibration calibration;

    public Bme280Sensor(I2cBus bus, int address) {
        this.bus = bus;
        this.address = address;
    }

    @Override
    public String name() {
        return "bme280";
    }

    @Override
    public synchronized Map<String, Double> read() throws IOException, InterruptedException {
        I2C i2c = bus.device(address);
        if (calibration == null) {
            calibration = readCalibration(i2c);
        }
        // ctrl_hum only takes effect once ctrl_meas is written, so this order matters (datasheet 5.4.3).
        i2c.writeRegister(REG_CTRL_HUM, CTRL_HUM);
        i2c.writeRegister(REG_CTRL_MEAS, CTRL_MEAS);
        Thread.sleep(MEASURE_MILLIS);
        byte[] data = I2cBus.readFully(i2c, REG_DATA, 8);
        int adcP = ((data[0] & 0xFF) << 12) | ((data[1] & 0xFF) << 4) | ((data[2] & 0xFF) >> 4);
        int adcT = ((data[3] & 0xFF) << 12) | ((data[4] & 0xFF) << 4) | ((data[5] & 0xFF) >> 4);
        int adcH = ((data[6] & 0xFF) << 8) | (data[7] & 0xFF);
        if (adcT == 0x80000) {
            throw new IOException("BME280 at 0x%02x returned no temperature (measurement skipped)".formatted(address));
        }
        Bme280Calibration.Compensated values = calibration.compensate(adcT, adcP, adcH);
        return Map.of("temperature", values.temperature(), "pressure", round2(values.pressure()),
                "humidity", round2(values.humidity()));
    }

    private Bme280Calibration readCalibration(I2C i2c) throws IOException {
        int chipId = i2c.readRegister(REG_CHIP_ID);
        if (chipId != CHIP_ID) {
            throw new IOException("no BME280 at 0x%02x: chip id 0x%02x (a BMP280 answers 0x58 and has no humidity)"
                    .formatted(address, chipId));
        }
        return Bme280Calibration.parse(I2cBus.readFully(i2c, REG_CALIB_00, 26), I2cBus.readFully(i2c, REG_CALIB_26, 7));
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
