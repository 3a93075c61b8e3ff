package dev.pifleet.alerting.delivery;

import dev.pifleet.alerting.AlertingConfig;
import dev.pifleet.alerts.AlertKind;
import dev.pifleet.alerts.Delivery;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseObject;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;

/** The owner's mail, through quarkus-mailer (SMTP settings: quarkus.mailer.*). */
@ApplicationScoped
class MailSender {

    private final Mailer mailer;
    private final ParseClient parse;
    private final boolean verifiedOnly;

    MailSender(Mailer mailer, ParseClient parse, AlertingConfig config) {
        this.mailer = mailer;
        this.parse = parse;
        this.verifiedOnly = config.mailVerifiedOnly();
    }

    SendResult send(Notification notification) {
        String to;
        ParseObject owner;
        try {
            owner = parse.get(ParseAuth.master(), "_User", notification.rule().ownerId());
            to = owner.getString("email");
        } catch (ParseException.ObjectNotFoundException gone) {
            return SendResult.giveUp("the owner's account no longer exists");
        }
        if (verifiedOnly && !(owner.get("emailVerified") != null && owner.get("emailVerified").asBoolean(false))) {
            return SendResult.giveUp("the owner's email address is not verified");
        }
        if (to == null || to.isBlank()) {
            return SendResult.giveUp("the owner has no email address");
        }
        try {
            mailer.send(Mail.withText(to, subject(notification), text(notification)));
            return SendResult.sent();
        } catch (RuntimeException smtp) {
            return SendResult.retry("SMTP: " + smtp.getMessage());
        }
    }

    static String subject(Notification notification) {
        String what = switch (notification.delivery().event()) {
            case Delivery.OPENED -> "Alert";
            case Delivery.RESOLVED -> "Resolved";
            default -> "Still open";
        };
        return "[pifleet] " + what + ": " + notification.title();
    }

    static String text(Notification notification) {
        var alert = notification.alert();
        StringBuilder text = new StringBuilder()
                .append(notification.title()).append('\n').append('\n')
                .append("Device: ").append(alert.deviceId()).append('\n')
                .append("Opened: ").append(alert.openedAt()).append('\n');
        if (alert.value() != null) {
            text.append(alert.kind() == AlertKind.OFFLINE ? "Silent for: " : "Value: ")
                    .append(alert.kind() == AlertKind.OFFLINE ? Math.round(alert.value()) + " s" : alert.value())
                    .append('\n');
        }
        if (Delivery.RESOLVED.equals(notification.delivery().event()) && alert.resolvedAt() != null) {
            text.append("Resolved: ").append(alert.resolvedAt()).append('\n');
        }
        return text.append('\n').append("You get this mail because of an alert rule on your pifleet account.\n").toString();
    }
}
