package dev.pifleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertRuleTest {

    @Test
    void rulesReadAsWords() {
        assertThat(rule(AlertKind.ABOVE, "temperature", 30.0, 300).describe()).isEqualTo("temperature above 30 for 5 min");
        assertThat(rule(AlertKind.BELOW, "soil", 12.5, 0).describe()).isEqualTo("soil below 12.5");
        assertThat(rule(AlertKind.OFFLINE, null, null, 120).describe()).isEqualTo("silent for 2 min");
        assertThat(rule(AlertKind.OFFLINE, null, null, 90).describe()).isEqualTo("silent for 90 s");
    }

    @Test
    void theSecretIsNotInToString() {
        AlertRule rule = new AlertRule("r1", "u1", "d1", "pi-1", AlertKind.ABOVE, "t", 1.0, 0.0, 0, true,
                "https://example.com", "whsec_secret", 0, Instant.EPOCH);
        assertThat(rule.toString()).doesNotContain("whsec_secret");
    }

    private static AlertRule rule(AlertKind kind, String sensor, Double threshold, long forSeconds) {
        return new AlertRule("r1", "u1", "d1", "pi-1", kind, sensor, threshold, 0.0, forSeconds, true, null, null, 0,
                Instant.EPOCH);
    }
}
