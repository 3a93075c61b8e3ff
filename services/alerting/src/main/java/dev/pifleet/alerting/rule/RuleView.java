package dev.pifleet.alerting.rule;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pifleet.alerts.AlertRule;
import java.time.Instant;

/** A rule as its owner sees it. {@code webhookSecret} is only in the answer that created the rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleView(String id, String deviceId, String kind, String sensor, Double threshold, Double deadband,
        long forSeconds, boolean email, String webhookUrl, Integer repeatMinutes, String description,
        Instant createdAt, String webhookSecret) {

    static RuleView of(AlertRule rule, boolean withSecret) {
        return new RuleView(rule.objectId(), rule.deviceId(), rule.kind().wire(), rule.sensor(), rule.threshold(),
                rule.deadband(), rule.forSeconds(), rule.email(), rule.webhookUrl(),
                rule.repeatMinutes() > 0 ? rule.repeatMinutes() : null, rule.describe(), rule.createdAt(),
                withSecret ? rule.webhookSecret() : null);
    }

    @Override
    public String toString() {
        return "RuleView[" + id + ", " + description + "]";
    }
}
