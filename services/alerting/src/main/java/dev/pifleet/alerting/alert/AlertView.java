package dev.pifleet.alerting.alert;

import dev.pifleet.alerts.Alert;
import java.time.Instant;

/**
 * An alert as its owner sees it. {@code rule} is the rule in words ("temperature above 30 for 5 min"), or null
 * once the rule was deleted; {@code deviceName} is the device's current name.
 */
public record AlertView(String id, String ruleId, String deviceId, String deviceName, String kind, String sensor,
        Double threshold, String state, Instant openedAt, Instant resolvedAt, Double value, String rule) {

    static AlertView of(Alert alert, String deviceName, String rule) {
        return new AlertView(alert.objectId(), alert.ruleId(), alert.deviceId(), deviceName, alert.kind().wire(),
                alert.sensor(), alert.threshold(), alert.state(), alert.openedAt(), alert.resolvedAt(), alert.value(), rule);
    }
}
