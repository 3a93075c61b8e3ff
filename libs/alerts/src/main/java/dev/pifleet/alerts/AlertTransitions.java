package dev.pifleet.alerts;

import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.BatchResult;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Opens, resolves and reminds, each in ONE batch request that writes the alert change together with its delivery
 * rows, so no crash can leave a transition without its notifications. The unique indexes decide who wins:
 * {@code Alert.openKey} (one open alert per rule) and {@code AlertDelivery.key} (one delivery per episode, event
 * and channel). Deliveries created beside an alert create that lost are orphans; the delivery worker drops them
 * because no alert carries their episode.
 */
@ApplicationScoped
public class AlertTransitions {

    private final ParseClient parse;
    private final AlertStore alerts;
    private final DeliveryStore deliveries;

    AlertTransitions(ParseClient parse, AlertStore alerts, DeliveryStore deliveries) {
        this.parse = parse;
        this.alerts = alerts;
        this.deliveries = deliveries;
    }

    /** True when this call opened the episode; false when an episode of the rule was already open. */
    public boolean open(AlertRule rule, double value, Instant at) {
        String episode = UUID.randomUUID().toString();
        List<BatchOperation> writes = new ArrayList<>();
        writes.add(alerts.openOperation(rule, episode, value, at));
        writes.addAll(deliveries.createOperations(rule, episode, Delivery.OPENED, 0, at));
        List<BatchResult> results = parse.batch(ParseAuth.master(), writes);
        BatchResult created = results.getFirst();
        if (created.succeeded()) {
            return true;
        }
        if (created.error() instanceof ParseException.DuplicateValueException) {
            return false;
        }
        throw created.error();
    }

    /**
     * Resolves the rule's open episode. True when this call won the resolution (created its delivery rows); false
     * when none was open or another replica resolved it at the same time (its deliveries already existed).
     */
    public boolean resolve(AlertRule rule, Double value, Instant at) {
        Optional<Alert> open = alerts.openFor(rule.objectId());
        if (open.isEmpty()) {
            return false;
        }
        List<BatchOperation> writes = new ArrayList<>();
        writes.add(alerts.resolveOperation(open.get().objectId(), value, at));
        writes.addAll(deliveries.createOperations(rule, open.get().episode(), Delivery.RESOLVED, 0, at));
        List<BatchResult> results = parse.batch(ParseAuth.master(), writes);
        if (!results.getFirst().succeeded()) {
            throw results.getFirst().error();
        }
        return results.size() == 1 || results.get(1).succeeded();
    }

    /** Reminder {@code number} of an open alert; a second call for the same number changes nothing. */
    public void remind(AlertRule rule, Alert alert, long number, Instant at) {
        parse.batch(ParseAuth.master(), deliveries.createOperations(rule, alert.episode(), Delivery.REMINDER, number, at));
    }
}
