package dev.pifleet.agent.sensors;

import com.pi4j.Pi4J;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;

/**
 * An {@link I2cBus} on Pi4J's mock I2C provider. The mock keeps one byte queue per register: writing a register
 * appends to its queue and reading pops from it, so a test presets what the chip will answer by writing first.
 */
final class MockI2cBus {

    private MockI2cBus() {
    }

    static I2cBus create() {
        return new I2cBus(1, () -> Pi4J.newContextBuilder().add(MockI2CProvider.newInstance()).build());
    }

    static void preset(I2C device, int register, int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        device.writeRegister(register, data, 0, data.length);
    }
}
