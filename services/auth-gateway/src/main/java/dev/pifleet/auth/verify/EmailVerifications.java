package dev.pifleet.auth.verify;

import dev.pifleet.auth.link.AccountLinks;
import dev.pifleet.auth.link.AccountLinks.Purpose;
import dev.pifleet.auth.mail.AccountMail;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Email verification (docs/security.md): a link mailed at sign-up (and on request) sets Parse's
 * {@code _User.emailVerified}. Unverified accounts log in and pair as usual; alert mails go only to verified
 * addresses (the alerting service's {@code pifleet.alerts.mail-verified-only}). Off: no mails, nothing changes.
 */
@ApplicationScoped
public class EmailVerifications {

    static final String EMAIL_VERIFIED = "emailVerified";
    private static final Logger LOG = Logger.getLogger(EmailVerifications.class);

    private final ParseClient parse;
    private final AccountLinks links;
    private final AccountMail mail;
    private final boolean enabled;
    private final Duration linkValidity;

    EmailVerifications(ParseClient parse, AccountLinks links, AccountMail mail,
            @ConfigProperty(name = "pifleet.auth.email-verification.enabled") boolean enabled,
            @ConfigProperty(name = "pifleet.auth.email-verification.link-validity") Duration linkValidity) {
        this.parse = parse;
        this.links = links;
        this.mail = mail;
        this.enabled = enabled;
        this.linkValidity = linkValidity;
    }

    /** Mails a verification link, after the request is answered; nothing when verification is off. */
    public void send(String userId, String email) {
        if (!enabled) {
            return;
        }
        mail.later(() -> {
            String secret = links.issue(Purpose.VERIFY_EMAIL, userId, email, linkValidity);
            mail.sendVerification(email, secret);
            LOG.infof("verification mailed to user %s", userId);
        });
    }

    /** Marks the link's address verified; 400 {@code invalid_link} for an unknown, expired or used link. */
    public void confirm(String secret) {
        AccountLinks.Redeemed redeemed = links.redeem(Purpose.VERIFY_EMAIL, secret)
                .orElseThrow(() -> new ApiException(400, "invalid_link",
                        "this link is unknown, expired or already used; ask for a new one"));
        try {
            parse.update(ParseAuth.master(), "_User", redeemed.userId(), ParseFields.create().set(EMAIL_VERIFIED, true));
        } catch (RuntimeException failed) {
            links.release(redeemed);
            throw failed;
        }
        links.deleteAllOf(redeemed.userId(), Purpose.VERIFY_EMAIL);
        LOG.infof("user %s verified their email", redeemed.userId());
    }

    /** Whether the user's address is verified (always true when verification is off). */
    public boolean isVerified(String userId) {
        if (!enabled) {
            return true;
        }
        var verified = parse.get(ParseAuth.master(), "_User", userId).get(EMAIL_VERIFIED);
        return verified != null && verified.asBoolean(false);
    }

    public boolean enabled() {
        return enabled;
    }
}
