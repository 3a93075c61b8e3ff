package dev.pifleet.agent.identity;

/** One network interface as the seed's ID rule sees it. */
public record NetworkCard(String name, int index, byte[] mac, boolean hasIpv4Address) {

    public boolean hasHardwareAddress() {
        if (mac == null || mac.length != 6) {
            return false;
        }
        for (byte b : mac) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    /** The 48-bit address as one number, as Python's {@code uuid.getnode()} gives it. */
    public long macAsLong() {
        return toLong(mac);
    }

    static long toLong(byte[] sixBytes) {
        long value = 0;
        for (byte b : sixBytes) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }
}
