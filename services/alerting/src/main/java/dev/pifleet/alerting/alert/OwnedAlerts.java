package dev.pifleet.alerting.alert;

import dev.pifleet.alerts.Alert;
import dev.pifleet.alerts.AlertRule;
import dev.pifleet.alerts.AlertRuleStore;
import dev.pifleet.alerts.AlertStore;
import dev.pifleet.alerts.DeliveryStore;
import dev.pifleet.devicestore.DeviceRight;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.devicestore.StoredDevice;
import dev.pifleet.service.ApiException;
import dev.pifleet.service.PageCursor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A user's alerts and their delivery logs, and the alerts of a device shared with them (by deviceId). Another user's
 * alert answers exactly like an absent one; delivery logs (addresses, errors) are the owner's only.
 */
@ApplicationScoped
public class OwnedAlerts {

    public record Page(List<AlertView> alerts, String nextCursor) {
    }

    private static final Pattern OBJECT_ID = Pattern.compile("^[A-Za-z0-9]{1,32}$");

    private final AlertStore alerts;
    private final AlertRuleStore rules;
    private final DeliveryStore deliveries;
    private final DeviceStore devices;

    OwnedAlerts(AlertStore alerts, AlertRuleStore rules, DeliveryStore deliveries, DeviceStore devices) {
        this.alerts = alerts;
        this.rules = rules;
        this.deliveries = deliveries;
        this.devices = devices;
    }

    public Page page(String userId, String deviceId, String state, int limit, String cursor) {
        String scope = userId + "\n" + deviceId + "\n" + state;
        PageCursor after = cursor == null ? null : PageCursor.decode(cursor, scope);
        // A device shared with the caller shows its owner's alerts; without a device, the caller's own alerts.
        StoredDevice device = deviceId == null ? null : devices.require(userId, deviceId, DeviceRight.VIEW);
        String ownerId = device == null ? userId : device.ownerId();
        List<Alert> rows = alerts.page(ownerId, device == null ? null : device.objectId(), state,
                after == null ? null : after.at(), after == null ? null : after.objectId(), limit);
        List<Alert> page = rows.subList(0, Math.min(limit, rows.size()));
        String next = rows.size() > limit
                ? new PageCursor(page.getLast().openedAt(), page.getLast().objectId()).encode(scope) : null;
        return new Page(views(ownerId, page), next);
    }

    public long openCount(String userId) {
        return alerts.countOpen(userId);
    }

    public List<DeliveryView> deliveries(String userId, String alertId) {
        Alert alert = (OBJECT_ID.matcher(alertId).matches() ? alerts.owned(userId, alertId) : Optional.<Alert>empty())
                .orElseThrow(() -> ApiException.notFound("no such alert"));
        return deliveries.forEpisode(alert.episode()).stream().map(DeliveryView::of).toList();
    }

    private List<AlertView> views(String userId, List<Alert> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<String, AlertRule> ruleById = rules.owned(userId).stream()
                .collect(Collectors.toMap(AlertRule::objectId, rule -> rule));
        Set<String> deviceIds = page.stream().map(Alert::deviceObjectId).collect(Collectors.toSet());
        Map<String, String> names = new HashMap<>();
        for (StoredDevice device : devices.byObjectIds(deviceIds)) {
            names.put(device.objectId(), device.name());
        }
        return page.stream().map(alert -> {
            AlertRule rule = ruleById.get(alert.ruleId());
            return AlertView.of(alert, names.get(alert.deviceObjectId()), rule == null ? null : rule.describe());
        }).toList();
    }
}
