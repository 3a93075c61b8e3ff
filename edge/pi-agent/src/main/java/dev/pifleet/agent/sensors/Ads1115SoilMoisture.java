package dev.pifleet.agent.sensors;

import com.pi4j.io.i2c.I2C;
import java.io.IOException;
import java.util.Map;

/**
 * A capacitive soil-moisture probe read through a TI ADS1115 16-bit ADC: one single-shot conversion of the
 * configured input against GND, then raw → percent between the calibrated dry and wet readings, clamped to 0–100.
 */
public final class Ads1115SoilMoisture implements Sensor {

    static final int REG_CONVERSION = 0x00;
    static final int REG_CONFIG = 0x01;
    /**
     * OS=1 (start a single conversion), PGA=001 (±4.096 V, the range that covers a 3.3 V probe), MODE=1 (single-shot),
     * DR=100 (128 samples/s), comparator disabled (COMP_QUE=11). MUX (bits 14:12) is 1xx = AINx against GND.
     */
    private static final int CONFIG_BASE = 0x8000 | 0x0200 | 0x0100 | 0x0080 | 0x0003;
    /** One conversion at 128 SPS takes 7.8 ms; the datasheet allows ±10 % on the data rate. */
    private static final long CONVERSION_MILLIS = 9;

    private final I2cBus bus;
    private final int address;
    private final int channel;
    private final int dryRaw;
    private final int wetRaw;

    public Ads1115SoilMoisture(I2cBus bus, int address, int channel, int dryRaw, int wetRaw) {
        if (channel < 0 || channel > 3) {
            throw new IllegalArgumentException("ADS1115 channel must be 0..3, was " + channel);
        }
        if (dryRaw == wetRaw) {
            throw new IllegalArgumentException("soil dry and wet calibration values must differ");
        }
        this.bus = bus;
        this.address = address;
        this.channel = channel;
        this.dryRaw = dryRaw;
        this.wetRaw = wetRaw;
    }

    @Override
    public String name() {
        return "ads1115-soil";
    }

    @Override
    public synchronized Map<String, Double> read() throws IOException, InterruptedException {
        I2C i2c = bus.device(address);
        int config = configWord(channel);
        i2c.writeRegister(REG_CONFIG, new byte[] {(byte) (config >> 8), (byte) config}, 0, 2);
        Thread.sleep(CONVERSION_MILLIS);
        byte[] result = I2cBus.readFully(i2c, REG_CONVERSION, 2);
        int raw = (short) (((result[0] & 0xFF) << 8) | (result[1] & 0xFF));
        // The raw value goes along so the dry/wet calibration can be read off the dashboard or /status.
        return Map.of("soil_moisture", percent(raw), "soil_moisture_raw", (double) raw);
    }

    /** The config register value that starts one conversion of AIN{channel} against GND. */
    static int configWord(int channel) {
        return CONFIG_BASE | ((0b100 | channel) << 12);
    }

    /** Linear between dry (0 %) and wet (100 %), clamped, one decimal. */
    double percent(int raw) {
        double percent = (dryRaw - raw) * 100.0 / (dryRaw - wetRaw);
        return Math.round(Math.max(0, Math.min(100, percent)) * 10) / 10.0;
    }
}
