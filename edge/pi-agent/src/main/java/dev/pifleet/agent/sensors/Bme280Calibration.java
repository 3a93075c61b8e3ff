package dev.pifleet.agent.sensors;

/**
 * The BME280's factory trimming values and the datasheet's integer compensation (Bosch BST-BME280-DS002,
 * section 4.2.3 and 8.2: BME280_compensate_T_int32, BME280_compensate_P_int64, bme280_compensate_H_int32),
 * transcribed with Java's int/long standing in for C's int32_t/int64_t.
 */
public record Bme280Calibration(
        int t1, int t2, int t3,
        int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9,
        int h1, int h2, int h3, int h4, int h5, int h6) {

    /** Values in °C, hPa and %RH. */
    public record Compensated(double temperature, double pressure, double humidity) {
    }

    /**
     * @param block88 the 26 bytes from register 0x88 (dig_T1 .. dig_P9, then 0xA0, then dig_H1 at 0xA1)
     * @param blockE1 the 7 bytes from register 0xE1 (dig_H2 .. dig_H6)
     */
    public static Bme280Calibration parse(byte[] block88, byte[] blockE1) {
        if (block88.length != 26 || blockE1.length != 7) {
            throw new IllegalArgumentException("calibration blocks must be 26 and 7 bytes");
        }
        return new Bme280Calibration(
                u16(block88, 0), s16(block88, 2), s16(block88, 4),
                u16(block88, 6), s16(block88, 8), s16(block88, 10), s16(block88, 12), s16(block88, 14),
                s16(block88, 16), s16(block88, 18), s16(block88, 20), s16(block88, 22),
                block88[25] & 0xFF,
                s16(blockE1, 0),
                blockE1[2] & 0xFF,
                (blockE1[3] << 4) | (blockE1[4] & 0x0F),
                (blockE1[5] << 4) | ((blockE1[4] & 0xFF) >> 4),
                blockE1[6]);
    }

    public Compensated compensate(int adcT, int adcP, int adcH) {
        int tFine = tFine(adcT);
        int temperature = (tFine * 5 + 128) >> 8;
        long pressure = pressureQ24_8(adcP, tFine);
        int humidity = humidityQ22_10(adcH, tFine);
        return new Compensated(temperature / 100.0, pressure / 256.0 / 100.0, humidity / 1024.0);
    }

    /** The fine temperature the pressure and humidity formulas use. */
    public int tFine(int adcT) {
        int var1 = (((adcT >> 3) - (t1 << 1)) * t2) >> 11;
        int var2 = (((((adcT >> 4) - t1) * ((adcT >> 4) - t1)) >> 12) * t3) >> 14;
        return var1 + var2;
    }

    /** Pressure in Pa as unsigned Q24.8 (value / 256 = Pa). */
    public long pressureQ24_8(int adcP, int tFine) {
        long var1 = (long) tFine - 128000;
        long var2 = var1 * var1 * p6;
        var2 = var2 + ((var1 * p5) << 17);
        var2 = var2 + (((long) p4) << 35);
        var1 = ((var1 * var1 * p3) >> 8) + ((var1 * p2) << 12);
        var1 = (((1L << 47) + var1) * p1) >> 33;
        if (var1 == 0) {
            return 0; // avoids a division by zero, as the datasheet does
        }
        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = (((long) p9) * (p >> 13) * (p >> 13)) >> 25;
        var2 = (((long) p8) * p) >> 19;
        return ((p + var1 + var2) >> 8) + (((long) p7) << 4);
    }

    /** Relative humidity as unsigned Q22.10 (value / 1024 = %RH). */
    public int humidityQ22_10(int adcH, int tFine) {
        int v = tFine - 76800;
        v = ((((adcH << 14) - (h4 << 20) - (h5 * v)) + 16384) >> 15)
                * (((((((v * h6) >> 10) * (((v * h3) >> 11) + 32768)) >> 10) + 2097152) * h2 + 8192) >> 14);
        v = v - (((((v >> 15) * (v >> 15)) >> 7) * h1) >> 4);
        v = Math.max(0, Math.min(v, 419430400));
        return v >> 12;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8);
    }

    private static int s16(byte[] b, int at) {
        return (short) u16(b, at);
    }
}
