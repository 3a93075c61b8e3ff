package dev.pifleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nayuki.qrcodegen.QrCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalQrTest {

    @Test
    void twoModuleRowsPerLineWithAQuietZone() {
        String link = "https://pifleet.example.com/#/pair?code=7KQ2-M9XD";
        int size = QrCode.encodeText(link, QrCode.Ecc.MEDIUM).size;
        List<String> lines = TerminalQr.of(link).lines().toList();

        assertThat(lines).hasSize((size + 4 + 1) / 2);
        assertThat(lines).allSatisfy(line -> assertThat(line).hasSize(size + 4));
        // The border is light, so drawn full; the finder pattern: a dark row 0, then dark only at x 0 and 6.
        assertThat(lines.getFirst()).matches("█+");
        assertThat(lines.get(1)).startsWith("██ ▄▄▄▄▄ ");
    }
}
