package dev.pifleet.agent.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The seed agent's device ID, bit for bit: {@code sha256_hex(str(uuid.getnode()) + platform.system() + platform.machine())},
 * so a Pi first paired by the Python agent keeps its ID.
 */
public final class SeedDeviceIdentity {

    public static final String SYSTEM = "Linux";

    private SeedDeviceIdentity() {
    }

    public static String deviceId(long node, String system, String machine) {
        String raw = Long.toString(node) + system + machine;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The ID of this machine, computed from its network cards and architecture. */
    public static String ofThisMachine() {
        return deviceId(node(networkCards()), SYSTEM, machine());
    }

    /**
     * What Python's {@code uuid.getnode()} returns on Linux: libuuid walks the kernel's list of configured
     * interfaces (SIOCGIFCONF: interfaces holding an IPv4 address, in interface-index order) and takes the first
     * whose hardware address is not all zeros (which skips loopback). Bonds or bridges without an address, and
     * {@code ifb*} queues, are therefore never chosen. With no such card Python falls back to a random 48-bit number
     * with the multicast bit set; so do we (and the result is kept in device_identity.json like any other).
     */
    public static long node(List<NetworkCard> cards) {
        return cards.stream()
                .filter(card -> card.hasIpv4Address() && card.hasHardwareAddress())
                .min(Comparator.comparingInt(NetworkCard::index))
                .map(NetworkCard::macAsLong)
                .orElseGet(SeedDeviceIdentity::randomNode);
    }

    /** What {@code uname -m} prints ({@code aarch64}, {@code armv7l}, {@code x86_64}); Java's os.arch says "aarch64"/"arm"/"amd64". */
    public static String machine() {
        Path arch = Path.of("/proc/sys/kernel/arch");
        try {
            if (Files.isReadable(arch)) {
                return Files.readString(arch).trim();
            }
            Process uname = new ProcessBuilder("uname", "-m").redirectErrorStream(true).start();
            String out = new String(uname.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (uname.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException("uname -m failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot determine the machine architecture", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running uname -m", e);
        }
    }

    static List<NetworkCard> networkCards() {
        try {
            return NetworkInterface.networkInterfaces().map(SeedDeviceIdentity::card).toList();
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot list network interfaces", e);
        }
    }

    private static NetworkCard card(NetworkInterface nic) {
        boolean ipv4 = nic.inetAddresses().anyMatch(Inet4Address.class::isInstance);
        return new NetworkCard(nic.getName(), nic.getIndex(), hardwareAddress(nic).orElse(null), ipv4);
    }

    /** Java can return null for the hardware address inside some containers; sysfs still has it. */
    private static Optional<byte[]> hardwareAddress(NetworkInterface nic) {
        try {
            byte[] mac = nic.getHardwareAddress();
            if (mac != null) {
                return Optional.of(mac);
            }
            Path sysfs = Path.of("/sys/class/net", nic.getName(), "address");
            if (Files.isReadable(sysfs)) {
                return Optional.of(HexFormat.ofDelimiter(":").parseHex(Files.readString(sysfs).trim()));
            }
            return Optional.empty();
        } catch (IOException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    private static long randomNode() {
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        bytes[0] |= 0x01;
        return NetworkCard.toLong(bytes);
    }
}
