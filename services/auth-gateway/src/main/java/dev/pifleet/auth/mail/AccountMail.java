package dev.pifleet.auth.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Mails about the account (password reset, email verification), through quarkus-mailer. A link's host comes from
 * {@code pifleet.ui.public-url} only, never from a request's {@code Host}, so a forged header cannot point a reset
 * link at another site. The secret goes in the URL's fragment, which browsers send to no server.
 */
@ApplicationScoped
public class AccountMail {

    private static final Logger LOG = Logger.getLogger(AccountMail.class);

    private final Mailer mailer;
    private final URI publicUrl;
    /** Sending happens after the answer, so an account's existence cannot be read from the answer's timing. */
    private final ExecutorService sender = Executors.newVirtualThreadPerTaskExecutor();

    AccountMail(Mailer mailer, @ConfigProperty(name = "pifleet.ui.public-url") URI publicUrl) {
        this.mailer = mailer;
        this.publicUrl = publicUrl;
    }

    /** Runs {@code work} (look-ups and a mail) after the request has been answered. */
    public void later(Runnable work) {
        sender.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException failed) {
                LOG.warnf("account mail not sent: %s", failed.getClass().getSimpleName());
            }
        });
    }

    public void sendPasswordReset(String email, String secret) {
        mailer.send(Mail.withText(email, "[pifleet] Reset your password",
                "Someone asked to reset the password of your pifleet account " + email + ".\n\n"
                        + "To choose a new password, open this link within one hour (it works once):\n"
                        + link("reset-password", secret) + "\n\n"
                        + "If it was not you, ignore this mail: your password stays as it is.\n"));
    }

    public void sendVerification(String email, String secret) {
        mailer.send(Mail.withText(email, "[pifleet] Confirm your email address",
                "Welcome to pifleet. Please confirm that " + email + " is your address by opening this link:\n"
                        + link("verify-email", secret) + "\n\n"
                        + "Alert mails go only to confirmed addresses. If you did not sign up, ignore this mail.\n"));
    }

    String link(String page, String secret) {
        String base = publicUrl.toString().replaceAll("/+$", "");
        return base + "/#/" + page + "?token=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    }

    @PreDestroy
    void stop() {
        sender.shutdownNow();
    }
}
