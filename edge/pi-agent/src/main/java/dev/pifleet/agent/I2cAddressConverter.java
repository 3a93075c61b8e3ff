package dev.pifleet.agent;

import org.eclipse.microprofile.config.spi.Converter;

/** I2C addresses are written in hex on every datasheet and in i2cdetect: accept {@code 0x76} as well as {@code 118}. */
public class I2cAddressConverter implements Converter<Integer> {

    @Override
    public Integer convert(String value) {
        int address = Integer.decode(value.trim());
        if (address < 0x03 || address > 0x77) {
            throw new IllegalArgumentException("not a 7-bit I2C device address: " + value);
        }
        return address;
    }
}
