package dev.pifleet.alerting.alert;

import dev.pifleet.alerts.Delivery;
import java.time.Instant;

/** One entry of an alert's delivery log. */
public record DeliveryView(String id, String event, Integer reminder, String channel, String status, int attempts,
        Instant nextAttemptAt, String lastError, Instant sentAt, Instant createdAt) {

    static DeliveryView of(Delivery delivery) {
        return new DeliveryView(delivery.objectId(), delivery.event(), delivery.reminder() > 0 ? delivery.reminder() : null,
                delivery.channel(), delivery.status(), delivery.attempts(),
                Delivery.PENDING.equals(delivery.status()) ? delivery.nextAttemptAt() : null, delivery.lastError(),
                delivery.sentAt(), delivery.createdAt());
    }
}
