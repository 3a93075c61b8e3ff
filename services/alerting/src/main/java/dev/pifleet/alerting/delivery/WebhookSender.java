package dev.pifleet.alerting.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pifleet.alerting.AlertingConfig;
import dev.pifleet.alerts.Alert;
import dev.pifleet.alerts.WebhookSignature;
import dev.pifleet.alerts.WebhookTargets;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.Optional;

/**
 * The signed JSON POST. The target's addresses are checked right before each send; the JDK caches the lookup
 * (networkaddress.cache.ttl, 30 s), so the connection that follows uses the addresses that were checked and a
 * name that rebinds to an internal address between check and connect is still refused. Redirects are not followed.
 */
@ApplicationScoped
class WebhookSender {

    private final ObjectMapper json;
    private final AlertingConfig config;
    private final HttpClient http;

    WebhookSender(ObjectMapper json, AlertingConfig config) {
        this.json = json;
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    SendResult send(Notification notification) {
        String url = notification.rule().webhookUrl();
        Optional<String> refused = WebhookTargets.addressProblem(url, config.allowPrivateWebhooks());
        if (refused.isPresent()) {
            // An unresolvable name may be a passing DNS failure; an internal address is refused for good.
            return refused.get().contains("does not resolve") ? SendResult.retry(refused.get())
                    : SendResult.giveUp("refused: " + refused.get());
        }
        long timestamp = Instant.now().getEpochSecond();
        byte[] body = body(notification, timestamp);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.webhookTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "pifleet-alerts")
                .header(WebhookSignature.HEADER, WebhookSignature.header(notification.rule().webhookSecret(), body))
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.DELIVERY_HEADER, notification.delivery().objectId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return SendResult.sent();
            }
            if (status >= 500 || status == 408 || status == 429) {
                return SendResult.retry("HTTP " + status);
            }
            return SendResult.giveUp("HTTP " + status);
        } catch (HttpTimeoutException timeout) {
            return SendResult.retry("timed out after " + config.webhookTimeout().toSeconds() + " s");
        } catch (IOException broken) {
            return SendResult.retry("connection failed: " + broken.getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return SendResult.retry("interrupted");
        }
    }

    /** {@code {event, timestamp, deliveryId, alert, rule, device}}; {@code timestamp} equals the timestamp header. */
    byte[] body(Notification notification, long timestamp) {
        Alert alert = notification.alert();
        var rule = notification.rule();
        ObjectNode root = json.createObjectNode()
                .put("event", notification.delivery().event())
                .put("timestamp", timestamp)
                .put("deliveryId", notification.delivery().objectId());
        if (notification.delivery().reminder() > 0) {
            root.put("reminder", notification.delivery().reminder());
        }
        ObjectNode alertNode = root.putObject("alert")
                .put("id", alert.objectId())
                .put("ruleId", alert.ruleId())
                .put("deviceId", alert.deviceId())
                .put("kind", alert.kind().wire())
                .put("sensor", alert.sensor())
                .put("state", alert.state())
                .put("openedAt", alert.openedAt().toString())
                .put("resolvedAt", alert.resolvedAt() == null ? null : alert.resolvedAt().toString());
        if (alert.value() != null) {
            alertNode.put("value", alert.value());
        } else {
            alertNode.putNull("value");
        }
        ObjectNode ruleNode = root.putObject("rule")
                .put("id", rule.objectId())
                .put("kind", rule.kind().wire())
                .put("sensor", rule.sensor())
                .put("forSeconds", rule.forSeconds())
                .put("description", rule.describe());
        if (rule.threshold() != null) {
            ruleNode.put("threshold", rule.threshold());
        }
        root.putObject("device").put("deviceId", alert.deviceId()).put("name", notification.deviceName());
        try {
            return json.writeValueAsBytes(root);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
