package dev.pifleet.alerting.delivery;

import dev.pifleet.alerting.AlertingConfig;
import dev.pifleet.alerts.Alert;
import dev.pifleet.alerts.AlertRule;
import dev.pifleet.alerts.AlertRuleStore;
import dev.pifleet.alerts.AlertSchedule;
import dev.pifleet.alerts.AlertStore;
import dev.pifleet.alerts.Delivery;
import dev.pifleet.alerts.DeliveryStore;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.devicestore.StoredDevice;
import dev.pifleet.parse.ParseUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries, every {@code pifleet.alerts.delivery-interval}. A worker sends attempt n only after
 * creating the unique AlertAttempt (delivery, n), so two replicas never send the same attempt. Failures that may
 * pass (timeouts, 5xx, SMTP errors) are retried with doubling waits until {@code give-up-after} (24 h); the
 * delivery row is the log the API shows.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    /** Deliveries created beside an alert create that lost stay orphans; they are dropped after this. */
    private static final Duration ORPHAN_AFTER = Duration.ofMinutes(1);

    private final DeliveryStore deliveries;
    private final AlertStore alerts;
    private final AlertRuleStore rules;
    private final DeviceStore devices;
    private final MailSender mail;
    private final WebhookSender webhooks;
    private final AlertingConfig config;
    private final MeterRegistry metrics;

    DeliveryWorker(DeliveryStore deliveries, AlertStore alerts, AlertRuleStore rules, DeviceStore devices,
            MailSender mail, WebhookSender webhooks, AlertingConfig config, MeterRegistry metrics) {
        this.deliveries = deliveries;
        this.alerts = alerts;
        this.rules = rules;
        this.devices = devices;
        this.mail = mail;
        this.webhooks = webhooks;
        this.config = config;
        this.metrics = metrics;
    }

    @Scheduled(identity = "alert-delivery", every = "${pifleet.alerts.delivery-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deliverOnSchedule() {
        try {
            List<Delivery> due = deliveries.due(Instant.now(), config.deliveryBatch());
            try (ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor()) {
                due.forEach(delivery -> sends.execute(() -> deliverSafely(delivery)));
            }
        } catch (ParseUnavailableException unavailable) {
            LOG.warnf("deliveries postponed, Parse Server is unavailable: %s", unavailable.getMessage());
        }
    }

    private void deliverSafely(Delivery delivery) {
        try {
            deliver(delivery, Instant.now());
        } catch (RuntimeException failed) {
            LOG.warnf("delivery %s not processed, retried next pass: %s", delivery.objectId(), failed.getMessage());
        }
    }

    void deliver(Delivery delivery, Instant now) {
        Optional<Alert> alert = alerts.byEpisode(delivery.episode());
        if (alert.isEmpty()) {
            if (delivery.createdAt().plus(ORPHAN_AFTER).isBefore(now)) {
                deliveries.finish(delivery.objectId(), Delivery.DROPPED, delivery.attempts(), "no alert has this episode");
            }
            return;
        }
        Optional<AlertRule> rule = rules.find(delivery.ruleId());
        if (rule.isEmpty()) {
            deliveries.finish(delivery.objectId(), Delivery.DROPPED, delivery.attempts(), "the rule was deleted");
            return;
        }
        int attempt = delivery.attempts() + 1;
        if (!deliveries.claim(delivery.objectId(), attempt, now)) {
            // Another worker is sending this attempt, or died doing so: only in the second case, once the attempt
            // is older than any send can take, is it recorded as interrupted so that the next attempt may go.
            boolean stale = deliveries.attemptStartedAt(delivery.objectId(), attempt)
                    .map(started -> started.plus(config.staleAttemptAfter()).isBefore(now)).orElse(false);
            if (stale) {
                deliveries.retryAt(delivery.objectId(), attempt, now, "attempt " + attempt + " was interrupted");
            }
            return;
        }
        Notification notification = new Notification(delivery, alert.get(), rule.get(), deviceName(alert.get()));
        SendResult result = Delivery.EMAIL.equals(delivery.channel()) ? mail.send(notification) : webhooks.send(notification);
        metrics.counter("pifleet.alerts.deliveries", "channel", delivery.channel(),
                "outcome", result.outcome().name().toLowerCase()).increment();
        switch (result.outcome()) {
            case SENT -> deliveries.sent(delivery.objectId(), attempt, Instant.now());
            case RETRY -> {
                Instant next = Instant.now().plus(AlertSchedule.retryDelay(attempt, config.retryFirstDelay(),
                        config.retryMaxDelay()));
                if (next.isAfter(delivery.createdAt().plus(config.giveUpAfter()))) {
                    deliveries.finish(delivery.objectId(), Delivery.FAILED, attempt, "gave up: " + result.detail());
                } else {
                    deliveries.retryAt(delivery.objectId(), attempt, next, result.detail());
                }
            }
            case GIVE_UP -> deliveries.finish(delivery.objectId(), Delivery.FAILED, attempt, result.detail());
        }
    }

    private String deviceName(Alert alert) {
        return devices.byObjectIds(List.of(alert.deviceObjectId())).stream().findFirst()
                .map(StoredDevice::name).orElse(null);
    }
}
