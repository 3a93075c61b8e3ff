package dev.pifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pifleet.device.fleet.AgentReport;
import dev.pifleet.device.fleet.ConfigReport;
import dev.pifleet.device.fleet.DesiredConfig;
import dev.pifleet.service.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T07:00:00Z");
    private static final Duration REFRESH = Duration.ofMinutes(5);

    @Test
    void configStateComparesTheReportWithTheDesiredVersion() {
        assertThat(ConfigState.of(0, null)).isEqualTo(ConfigState.APPLIED);
        assertThat(ConfigState.of(3, null)).isEqualTo(ConfigState.PENDING);
        assertThat(ConfigState.of(3, new ConfigReport(2, NOW, null))).isEqualTo(ConfigState.PENDING);
        assertThat(ConfigState.of(3, new ConfigReport(3, NOW, null))).isEqualTo(ConfigState.APPLIED);
        assertThat(ConfigState.of(3, new ConfigReport(3, null, "no sensor bme280"))).isEqualTo(ConfigState.REJECTED);
    }

    @Test
    void aReportIsWrittenWhenNewChangedOrStaleButNotForUptimeAlone() {
        AgentReport report = report(100L, 0L, new ConfigReport(2, NOW, null));
        assertThat(ReportCoalescing.worthWriting(ConfigRow.none("d"), report, NOW, REFRESH)).isTrue();

        ConfigRow stored = new ConfigRow("r", "d", DesiredConfig.NONE, new ConfigReport(2, NOW, null),
                new AgentState("1.4.0", "Debian 12", "6.6", 100L, 0L, 0L, 1000L, NOW));
        Instant soon = NOW.plusSeconds(60);
        assertThat(ReportCoalescing.worthWriting(stored, report(160L, 0L, new ConfigReport(2, NOW, null)), soon, REFRESH))
                .isFalse();
        assertThat(ReportCoalescing.worthWriting(stored, report(160L, 7L, new ConfigReport(2, NOW, null)), soon, REFRESH))
                .isTrue();
        assertThat(ReportCoalescing.worthWriting(stored, report(160L, 0L, new ConfigReport(3, soon, null)), soon, REFRESH))
                .isTrue();
        assertThat(ReportCoalescing.worthWriting(stored, report(400L, 0L, new ConfigReport(2, NOW, null)),
                NOW.plus(REFRESH), REFRESH)).isTrue();
    }

    @Test
    void payloadsRefuseWhatParseCannotStore() {
        CommandPayloads.requireStorable("args", Map.of("reason", "test", "list", List.of(1, "two"), "n", Map.of("a", 1)));
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("$ne", 1), Map.of("a.b", 1),
                Map.of("__op", "Delete"), Map.of("constructor", 1), Map.of("t", "a\u0000b"),
                Map.of("t", Map.of("a", Map.of("b", Map.of("c", Map.of("d", 1))))), Map.of("t", "x".repeat(1001)))) {
            assertThatThrownBy(() -> CommandPayloads.requireStorable("args", bad)).as(bad.toString())
                    .isInstanceOf(ApiException.class);
        }
    }

    private static AgentReport report(Long uptime, Long backlog, ConfigReport config) {
        return new AgentReport(uptime, "1.4.0", "Debian 12", "6.6", backlog, 0L, 1000L, config);
    }
}
