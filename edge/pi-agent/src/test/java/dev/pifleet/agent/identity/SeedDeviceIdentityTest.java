package dev.pifleet.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedDeviceIdentityTest {

    private static byte[] mac(String text) {
        return HexFormat.ofDelimiter(":").parseHex(text);
    }

    @Test
    void seedFormulaOnFixedMacSystemAndMachineGivesPythonsHash() {
        // python3 -c "import hashlib;print(hashlib.sha256(b'3281355014145Linuxaarch64').hexdigest())"
        assertThat(SeedDeviceIdentity.deviceId(3281355014145L, "Linux", "aarch64"))
                .isEqualTo("e40be93176e646e952afc07d8a182a23973cca91eeeccdbe8808dcd95186534d");
    }

    @Test
    void macIsReadAsPythonsDecimalNode() {
        assertThat(new NetworkCard("eth0", 4, mac("02:fc:00:00:00:01"), true).macAsLong()).isEqualTo(3281355014145L);
    }

    @Test
    void nodeIsTheFirstCardByIndexWithAnIpv4AddressAndARealMac() {
        List<NetworkCard> cards = List.of(
                new NetworkCard("wlan0", 5, mac("b8:27:eb:00:00:09"), true),
                new NetworkCard("lo", 1, mac("00:00:00:00:00:00"), true),
                new NetworkCard("ifb0", 2, mac("aa:bb:cc:00:00:02"), false),
                new NetworkCard("ifb1", 3, mac("aa:bb:cc:00:00:03"), false),
                new NetworkCard("eth0", 4, mac("02:fc:00:00:00:01"), true));

        assertThat(SeedDeviceIdentity.node(cards)).isEqualTo(3281355014145L);
    }

    @Test
    void withoutAnyUsableCardTheNodeIsRandomWithTheMulticastBitLikePython() {
        long node = SeedDeviceIdentity.node(List.of(new NetworkCard("lo", 1, new byte[6], true)));

        assertThat(node >>> 40 & 0x01).isEqualTo(1);
        assertThat(node >>> 48).isZero();
    }

    @Test
    void machineIsWhatUnameSays() throws Exception {
        Process uname = new ProcessBuilder("uname", "-m").start();
        String expected = new String(uname.getInputStream().readAllBytes()).trim();

        assertThat(SeedDeviceIdentity.machine()).isEqualTo(expected);
    }

    @Test
    void idIsComputedOnceAndTheFileWinsAfterRestartsAndInterfaceChanges(@TempDir Path stateDir) throws Exception {
        String first = DeviceIdentityFile.loadOrCreate(stateDir, () -> SeedDeviceIdentity.deviceId(
                SeedDeviceIdentity.node(List.of(new NetworkCard("eth0", 2, mac("02:fc:00:00:00:01"), true))), "Linux", "aarch64"));

        // "Restart" on a Pi whose wired card is gone and which now only has Wi-Fi.
        String afterChange = DeviceIdentityFile.loadOrCreate(stateDir, () -> SeedDeviceIdentity.deviceId(
                SeedDeviceIdentity.node(List.of(new NetworkCard("wlan0", 3, mac("b8:27:eb:12:34:56"), true))), "Linux", "aarch64"));

        assertThat(first).isEqualTo("e40be93176e646e952afc07d8a182a23973cca91eeeccdbe8808dcd95186534d");
        assertThat(afterChange).isEqualTo(first);
        assertThat(Files.readString(stateDir.resolve(DeviceIdentityFile.FILE_NAME))).contains(first);
    }

    @Test
    void anIdWrittenByTheSeedAgentIsKept(@TempDir Path stateDir) throws Exception {
        Files.writeString(stateDir.resolve(DeviceIdentityFile.FILE_NAME), "{\"device_id\": \"a1b2c3d4e5f6\", \"written_by\": \"seed\"}");

        assertThat(DeviceIdentityFile.loadOrCreate(stateDir, () -> "never-used")).isEqualTo("a1b2c3d4e5f6");
    }
}
