package dev.pifleet.agent.sensors;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Pi4J context and the I2C devices opened on one bus. The context is created on first use, so an agent
 * without hardware sensors never touches Pi4J, and a missing /dev/i2c-N only fails the sensors that need it.
 */
public final class I2cBus implements AutoCloseable {

    private final int bus;
    private final Supplier<Context> contextFactory;
    private final Map<Integer, I2C> devices = new HashMap<>();
    private Context context;

    public I2cBus(int bus, Supplier<Context> contextFactory) {
        this.bus = bus;
        this.contextFactory = contextFactory;
    }

    public synchronized I2C device(int address) {
        if (context == null) {
            context = contextFactory.get();
        }
        return devices.computeIfAbsent(address, a -> context.create(I2C.newConfigBuilder(context)
                .id("i2c-%d-0x%02x".formatted(bus, a)).bus(bus).device(a).build()));
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.shutdown();
            context = null;
            devices.clear();
        }
    }

    /** Reads {@code length} consecutive registers; a short read is an error, not zeros. */
    static byte[] readFully(I2C i2c, int register, int length) throws IOException {
        byte[] buffer = new byte[length];
        int read = i2c.readRegister(register, buffer, 0, length);
        if (read != length) {
            throw new IOException("short I2C read at register 0x%02x: %d of %d bytes".formatted(register, read, length));
        }
        return buffer;
    }

}
