package dev.pifleet.alerting.sweep;

import dev.pifleet.alerting.rule.OwnedDevices;
import dev.pifleet.alerts.Alert;
import dev.pifleet.alerts.AlertKind;
import dev.pifleet.alerts.AlertRule;
import dev.pifleet.alerting.AlertingConfig;
import dev.pifleet.alerts.AlertRuleStore;
import dev.pifleet.alerts.AlertSchedule;
import dev.pifleet.alerts.AlertStore;
import dev.pifleet.alerts.AlertTransitions;
import dev.pifleet.device.DeviceClass;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseUnavailableException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Offline rules and reminders, every {@code pifleet.alerts.sweep-interval}. Offline: a device quiet for the rule's
 * forSeconds (by {@code Device.lastSeen}, which the ingest keeps) opens an alert; a word from it since the alert
 * opened resolves it. Reminders: an open alert whose rule repeats gets reminder n once n repeat intervals passed.
 * Several replicas may sweep at once: the unique keys (docs/alerts.md) make each transition and reminder happen once.
 */
@ApplicationScoped
public class AlertSweep {

    private static final Logger LOG = Logger.getLogger(AlertSweep.class);
    private static final int PAGE = 200;
    private static final int MAX_PAGES = 500;

    private final AlertRuleStore rules;
    private final AlertStore alerts;
    private final AlertTransitions transitions;
    private final OwnedDevices devices;
    /** The newest reminder this replica created per alert: spares Parse a duplicate create on every pass. */
    private final Map<String, Long> reminded = new ConcurrentHashMap<>();

    private final AlertingConfig config;

    AlertSweep(AlertRuleStore rules, AlertStore alerts, AlertTransitions transitions, OwnedDevices devices,
            AlertingConfig config) {
        this.config = config;
        this.rules = rules;
        this.alerts = alerts;
        this.transitions = transitions;
        this.devices = devices;
    }

    @Scheduled(identity = "alert-sweep", every = "${pifleet.alerts.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepOnSchedule() {
        try {
            sweepOffline(Instant.now());
            sweepReminders(Instant.now());
            // Tombstones of deleted rules, once every ingest replica has had a full pass to see them go.
            rules.purgeDeleted(Instant.now().minus(config.deletedRulesKept()), PAGE);
        } catch (ParseUnavailableException unavailable) {
            LOG.warnf("alert sweep skipped, Parse Server is unavailable: %s", unavailable.getMessage());
        }
    }

    void sweepOffline(Instant now) {
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            List<AlertRule> offlineRules = rules.offlineRules(after, PAGE);
            if (offlineRules.isEmpty()) {
                return;
            }
            Map<String, ParseObject> deviceById = new HashMap<>();
            devices.byObjectIds(offlineRules.stream().map(AlertRule::deviceObjectId).collect(Collectors.toSet()))
                    .forEach(device -> deviceById.put(device.objectId(), device));
            Map<String, Alert> openByRule = alerts.openByRule(offlineRules.stream().map(AlertRule::objectId).toList());
            for (AlertRule rule : offlineRules) {
                ParseObject device = deviceById.get(rule.deviceObjectId());
                if (device != null && !device.has(DeviceClass.PURGE_REQUESTED_AT)) {
                    checkOffline(rule, device.getDate(DeviceClass.LAST_SEEN), openByRule.get(rule.objectId()), now);
                }
            }
            after = offlineRules.getLast().objectId();
            if (offlineRules.size() < PAGE) {
                return;
            }
        }
    }

    private void checkOffline(AlertRule rule, Instant lastSeen, Alert open, Instant now) {
        try {
            if (open != null) {
                if (AlertSchedule.backOnline(lastSeen, open.openedAt())) {
                    transitions.resolve(rule, null, now);
                }
            } else if (AlertSchedule.offline(lastSeen, rule.createdAt(), rule.forSeconds(), now)) {
                Instant quietSince = lastSeen != null && lastSeen.isAfter(rule.createdAt()) ? lastSeen : rule.createdAt();
                transitions.open(rule, Duration.between(quietSince, now).toSeconds(), now);
            }
        } catch (ParseUnavailableException unavailable) {
            throw unavailable;
        } catch (RuntimeException failed) {
            LOG.warnf("offline rule %s not evaluated, retried next pass: %s", rule.objectId(), failed.getMessage());
        }
    }

    void sweepReminders(Instant now) {
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            List<Alert> open = alerts.openAlerts(after, PAGE);
            if (open.isEmpty()) {
                break;
            }
            Map<String, AlertRule> ruleById = new HashMap<>();
            rules.byIds(open.stream().map(Alert::ruleId).collect(Collectors.toSet()))
                    .forEach(rule -> ruleById.put(rule.objectId(), rule));
            for (Alert alert : open) {
                AlertRule rule = ruleById.get(alert.ruleId());
                if (rule == null || rule.repeatMinutes() <= 0) {
                    continue;
                }
                long due = AlertSchedule.reminderDue(alert.openedAt(), rule.repeatMinutes(), now);
                if (due > 0 && reminded.getOrDefault(alert.objectId(), 0L) < due) {
                    transitions.remind(rule, alert, due, now);
                    reminded.put(alert.objectId(), due);
                }
            }
            after = open.getLast().objectId();
            if (open.size() < PAGE) {
                break;
            }
        }
        if (reminded.size() > 100_000) {
            reminded.clear(); // a bound on memory; the unique key keeps a repeated create harmless
        }
    }
}
