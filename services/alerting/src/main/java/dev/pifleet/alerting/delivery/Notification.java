package dev.pifleet.alerting.delivery;

import dev.pifleet.alerts.Alert;
import dev.pifleet.alerts.AlertRule;
import dev.pifleet.alerts.Delivery;

/** Everything a channel needs to tell the owner about one transition. */
record Notification(Delivery delivery, Alert alert, AlertRule rule, String deviceName) {

    /** "Greenhouse: temperature above 30 for 5 min". */
    String title() {
        return (deviceName == null || deviceName.isBlank() ? alert.deviceId() : deviceName) + ": " + rule.describe();
    }
}
