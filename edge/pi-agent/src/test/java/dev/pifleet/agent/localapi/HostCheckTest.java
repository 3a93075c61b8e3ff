package dev.pifleet.agent.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostCheckTest {

    private final HostCheck check = new HostCheck(List.of("raspberrypi", "raspberrypi.local", "Greenhouse.lan."));

    @Test
    void ipLiteralsLocalhostAndTheMachinesNamesAreAnsweredWithOrWithoutPort() {
        assertThat(List.of("192.168.1.20", "192.168.1.20:5000", "127.0.0.1:5000", "[::1]", "[::1]:5000",
                "[fe80::1%25eth0]:5000", "[::ffff:192.168.1.20]", "localhost", "LOCALHOST:5000", "localhost.:5000",
                "raspberrypi:5000", "RaspberryPi.local", "greenhouse.lan", "greenhouse.lan.:5000"))
                .allSatisfy(host -> assertThat(check.allows(host)).as(host).isTrue());
    }

    @Test
    void anyOtherNameIsRefused() {
        assertThat(List.of("evil.test", "evil.test:5000", "localhost.evil.test", "192.168.1.20.evil.test",
                "999.1.1.1", "1.2.3", "[::1", "[::1]evil", "[evil.test]", "raspberrypi.local.evil.test", "", " "))
                .allSatisfy(host -> assertThat(check.allows(host)).as(host).isFalse());
        assertThat(check.allows(null)).isFalse();
    }
}
