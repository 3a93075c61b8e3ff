package dev.pifleet.alerting.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pifleet.alerting.AlertingConfig;
import dev.pifleet.alerts.Alert;
import dev.pifleet.alerts.WebhookSignature;
import dev.pifleet.alerts.WebhookTargets;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The signed JSON POST, on Vert.x's HTTP client. The host is resolved once per send and every address checked
 * ({@link WebhookTargets#addresses}); the connection goes to the first checked address ({@code setServer}), while
 * the URL's host name is the Host header, the TLS SNI and the name the certificate must match. Nothing resolves
 * the name a second time, so a name that answers differently a moment later (DNS rebinding) cannot move the
 * connection. Vert.x uses no proxy unless given one (the JVM's proxy settings do not apply) and this client is
 * given none; redirects are not followed.
 */
@ApplicationScoped
class WebhookSender {

    private final ObjectMapper json;
    private final AlertingConfig config;
    private final HttpClient http;

    WebhookSender(ObjectMapper json, AlertingConfig config, Vertx vertx) {
        this.json = json;
        this.config = config;
        // One connection per send: a pooled connection is never reused for a later send's checked address.
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.webhookTimeout().toMillis())
                .setKeepAlive(false)
                .setVerifyHost(true)
                .setForceSni(true));
    }

    SendResult send(Notification notification) {
        URI url = URI.create(notification.rule().webhookUrl());
        Optional<List<InetAddress>> addresses = WebhookTargets.addresses(url.getHost(), config.allowPrivateWebhooks());
        if (addresses.isEmpty()) {
            // One answer for "does not resolve" and "resolves to a refused address", and retried like a passing
            // DNS failure: the outcome tells nothing about the name either.
            return SendResult.retry("refused: " + WebhookTargets.REFUSED);
        }
        long timestamp = Instant.now().getEpochSecond();
        byte[] body = body(notification, timestamp);
        boolean https = url.getScheme().toLowerCase(Locale.ROOT).equals("https");
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
        String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        long timeoutMillis = config.webhookTimeout().toMillis();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(addresses.get().getFirst(), port)))
                .setHost(host)
                .setPort(port)
                .setSsl(https)
                .setURI(target)
                .setFollowRedirects(false)
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "pifleet-alerts")
                .putHeader(WebhookSignature.HEADER, WebhookSignature.header(notification.rule().webhookSecret(), timestamp, body))
                .putHeader(WebhookSignature.DELIVERY_HEADER, notification.delivery().objectId());
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        try {
            int status = http.request(request)
                    .compose(call -> {
                        sent.set(call);
                        return call.send(Buffer.buffer(body));
                    })
                    .map(response -> {
                        // The status is all that counts: the body is not read, the connection is closed.
                        response.request().connection().close();
                        return response.statusCode();
                    })
                    .toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (status >= 200 && status < 300) {
                return SendResult.sent();
            }
            if (status >= 500 || status == 408 || status == 429) {
                return SendResult.retry("HTTP " + status);
            }
            return SendResult.giveUp("HTTP " + status);
        } catch (TimeoutException timeout) {
            Optional.ofNullable(sent.get()).ifPresent(HttpClientRequest::reset);
            return SendResult.retry("timed out after " + config.webhookTimeout().toSeconds() + " s");
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            return cause instanceof TimeoutException || cause instanceof ConnectTimeoutException
                    ? SendResult.retry("timed out after " + config.webhookTimeout().toSeconds() + " s")
                    : SendResult.retry("connection failed: " + cause.getClass().getSimpleName());
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
