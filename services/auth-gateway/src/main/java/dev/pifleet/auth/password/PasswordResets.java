package dev.pifleet.auth.password;

import dev.pifleet.auth.link.AccountLinks;
import dev.pifleet.auth.link.AccountLinks.Purpose;
import dev.pifleet.auth.mail.AccountMail;
import dev.pifleet.auth.session.SessionService;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Password reset by mail (docs/security.md, "Password reset"). The request answers the same for every email and
 * does its look-up and mail after answering; the mailed link works once, for {@code link-validity}; using it sets
 * the password and ends every session of the account.
 */
@ApplicationScoped
public class PasswordResets {

    private static final Logger LOG = Logger.getLogger(PasswordResets.class);

    private final ParseClient parse;
    private final AccountLinks links;
    private final AccountMail mail;
    private final SessionService sessions;
    private final ResetThrottle throttle;
    private final PasswordConfig config;

    PasswordResets(ParseClient parse, AccountLinks links, AccountMail mail, SessionService sessions,
            ResetThrottle throttle, PasswordConfig config) {
        this.parse = parse;
        this.links = links;
        this.mail = mail;
        this.sessions = sessions;
        this.throttle = throttle;
        this.config = config;
    }

    /** Mails a reset link if the email has an account; 429 when the address asked too often, else nothing to tell. */
    public void request(String email, String clientAddress) {
        Duration wait = throttle.takeRequest(clientAddress);
        if (!wait.isZero()) {
            throw ApiException.tooManyRequests("too many password reset requests; retry later", wait);
        }
        if (!throttle.takeMail(email)) {
            LOG.infof("password reset mail held back by the per-email limit (request from %s)", clientAddress);
            return;
        }
        mail.later(() -> parse.first(ParseAuth.master(), ParseQuery.of("_User").equalTo("username", email).keys("username"))
                .ifPresent(user -> {
                    String secret = links.issue(Purpose.PASSWORD_RESET, user.objectId(), email, config.linkValidity());
                    mail.sendPasswordReset(email, secret);
                    LOG.infof("password reset mailed to user %s", user.objectId());
                }));
    }

    /** Sets the password of the link's account and ends all its sessions; 400 {@code invalid_link} otherwise. */
    public void confirm(String secret, String newPassword) {
        AccountLinks.Redeemed redeemed = links.redeem(Purpose.PASSWORD_RESET, secret)
                .orElseThrow(PasswordResets::invalidLink);
        try {
            parse.setPassword(redeemed.userId(), newPassword);
        } catch (RuntimeException failed) {
            links.release(redeemed);
            throw failed;
        }
        parse.endSessions(redeemed.userId());
        sessions.forgetUser(redeemed.userId());
        links.deleteAllOf(redeemed.userId(), Purpose.PASSWORD_RESET);
        LOG.infof("password of user %s reset by mail; every session ended", redeemed.userId());
    }

    static ApiException invalidLink() {
        return new ApiException(400, "invalid_link", "this link is unknown, expired or already used; ask for a new one");
    }
}
