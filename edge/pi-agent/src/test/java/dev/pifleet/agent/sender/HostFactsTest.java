package dev.pifleet.agent.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFactsTest {

    @Test
    void theOsIsPrettyNameFromOsReleaseElseTheJvmsOsName(@TempDir Path dir) throws Exception {
        Path osRelease = dir.resolve("os-release");
        Files.writeString(osRelease, "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n");
        assertThat(HostFacts.os(osRelease)).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        Files.writeString(osRelease, "PRETTY_NAME=Raspbian\n");
        assertThat(HostFacts.os(osRelease)).isEqualTo("Raspbian");
        assertThat(HostFacts.os(dir.resolve("missing"))).isEqualTo(System.getProperty("os.name"));
        assertThat(HostFacts.kernel()).isEqualTo(System.getProperty("os.version"));
        assertThat(HostFacts.freeDisk(dir)).hasValueSatisfying(free -> assertThat(free).isPositive());
    }
}
