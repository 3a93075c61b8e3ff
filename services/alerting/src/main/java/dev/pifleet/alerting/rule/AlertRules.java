package dev.pifleet.alerting.rule;

import dev.pifleet.alerting.AlertingConfig;
import dev.pifleet.alerts.AlertKind;
import dev.pifleet.alerts.AlertRule;
import dev.pifleet.alerts.AlertRuleStore;
import dev.pifleet.alerts.AlertStore;
import dev.pifleet.alerts.WebhookSignature;
import dev.pifleet.alerts.WebhookTargets;
import dev.pifleet.devicestore.DeviceRight;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.devicestore.StoredDevice;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** What a user may do with their alert rules. Another user's rule answers exactly like an absent one. */
@ApplicationScoped
public class AlertRules {

    private static final Pattern OBJECT_ID = Pattern.compile("^[A-Za-z0-9]{1,32}$");

    private final AlertRuleStore rules;
    private final AlertStore alerts;
    private final DeviceStore devices;
    private final AlertingConfig config;

    AlertRules(AlertRuleStore rules, AlertStore alerts, DeviceStore devices, AlertingConfig config) {
        this.rules = rules;
        this.alerts = alerts;
        this.devices = devices;
        this.config = config;
    }

    public AlertRule create(String userId, RuleRequest request) {
        AlertKind kind = AlertKind.fromWire(request.kind()).orElseThrow();
        boolean email = Boolean.TRUE.equals(request.email());
        String webhookUrl = request.webhookUrl() == null || request.webhookUrl().isBlank() ? null : request.webhookUrl().strip();
        checkShape(kind, request, email, webhookUrl);
        // Everything that needs no Parse call is checked first; ownership before the (slow) DNS check. Rules are the
        // owner's: they mail or call out with the device's data, and would outlive a revoked share.
        StoredDevice device = devices.require(userId, request.deviceId(), DeviceRight.OWN);
        if (webhookUrl != null) {
            WebhookTargets.addressProblem(webhookUrl, config.allowPrivateWebhooks())
                    .ifPresent(problem -> { throw ApiException.badRequest("webhookUrl", problem); });
        }
        if (rules.countOwned(userId) >= config.maxRulesPerUser()) {
            throw ApiException.conflict("rule_quota_reached", "at most " + config.maxRulesPerUser()
                    + " alert rules per account; delete one first");
        }
        Double deadband = kind.threshold()
                ? (request.deadband() != null ? request.deadband() : config.defaultDeadband()) : null;
        return rules.create(new AlertRule(null, userId, device.objectId(), request.deviceId(), kind,
                kind.threshold() ? request.sensor() : null, kind.threshold() ? request.threshold() : null, deadband,
                request.forSeconds(), email, webhookUrl, webhookUrl == null ? null : WebhookSignature.newSecret(),
                request.repeatMinutes() == null ? 0 : request.repeatMinutes(), null));
    }

    private void checkShape(AlertKind kind, RuleRequest request, boolean email, String webhookUrl) {
        if (kind == AlertKind.OFFLINE) {
            if (request.forSeconds() < config.minOfflineSeconds()) {
                throw ApiException.badRequest("forSeconds", "an offline rule waits at least "
                        + config.minOfflineSeconds() + " seconds");
            }
            if (request.sensor() != null || request.threshold() != null || request.deadband() != null) {
                throw ApiException.badRequest("kind", "an offline rule has no sensor, threshold or deadband");
            }
        } else {
            if (request.sensor() == null) {
                throw ApiException.badRequest("sensor", "an above or below rule names a sensor");
            }
            if (request.threshold() == null || !Double.isFinite(request.threshold())) {
                throw ApiException.badRequest("threshold", "an above or below rule has a numeric threshold");
            }
        }
        if (!email && webhookUrl == null) {
            throw ApiException.badRequest("email", "choose a channel: email true and/or a webhookUrl");
        }
        if (webhookUrl != null) {
            WebhookTargets.formProblem(webhookUrl).ifPresent(problem -> {
                throw ApiException.badRequest("webhookUrl", problem);
            });
        }
    }

    public List<AlertRule> list(String userId) {
        return rules.owned(userId);
    }

    /** Deletes the rule; an open alert of it closes without notifications. */
    public void delete(String userId, String ruleId) {
        AlertRule rule = owned(userId, ruleId).orElseThrow(() -> ApiException.notFound("no such alert rule"));
        rules.delete(rule.objectId());
        alerts.closeSilently(rule.objectId(), Instant.now());
    }

    private Optional<AlertRule> owned(String userId, String ruleId) {
        if (!OBJECT_ID.matcher(ruleId).matches()) {
            return Optional.empty();
        }
        return rules.ownedRule(userId, ruleId);
    }
}
