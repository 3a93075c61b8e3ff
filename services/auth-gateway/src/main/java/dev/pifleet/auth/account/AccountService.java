package dev.pifleet.auth.account;

import dev.pifleet.auth.link.AccountLinks;
import dev.pifleet.auth.session.SessionService;
import dev.pifleet.auth.session.SessionUser;
import dev.pifleet.auth.throttle.LoginThrottle;
import dev.pifleet.auth.verify.EmailVerifications;
import dev.pifleet.auth.token.ApiTokens;
import dev.pifleet.devicestore.AccountDeletions;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseUser;
import dev.pifleet.service.AccountEmail;
import dev.pifleet.service.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Sign-up and login on Parse's {@code _User}, the email being the username. */
@ApplicationScoped
public class AccountService {

    static final int MIN_PASSWORD_LENGTH = 8;
    /** Long enough for any passphrase, short enough that hashing it costs Parse nothing notable. */
    static final int MAX_PASSWORD_LENGTH = 256;

    /** Parse's codes for a username or an email already in use, and for an email it cannot accept. */
    private static final int USERNAME_TAKEN = 202;
    private static final int EMAIL_TAKEN = 203;
    private static final int INVALID_EMAIL = 125;

    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final ParseClient parse;
    private final SessionService sessions;
    private final LoginThrottle throttle;
    private final AccountLinks links;
    private final EmailVerifications verifications;
    private final Counter signups;
    private final Counter loginsOk;
    private final Counter loginsFailed;
    private final Counter loginsRateLimited;

    private final AccountDeletions deletions;
    private final DeviceStore devices;
    private final ApiTokens tokens;

    AccountService(ParseClient parse, SessionService sessions, LoginThrottle throttle, AccountLinks links,
            EmailVerifications verifications, AccountDeletions deletions, DeviceStore devices, ApiTokens tokens,
            MeterRegistry metrics) {
        this.deletions = deletions;
        this.devices = devices;
        this.tokens = tokens;
        this.verifications = verifications;
        this.parse = parse;
        this.sessions = sessions;
        this.throttle = throttle;
        this.links = links;
        this.signups = Counter.builder("pifleet.auth.signups").description("accounts created").register(metrics);
        this.loginsOk = logins("ok", metrics);
        this.loginsFailed = logins("failed", metrics);
        this.loginsRateLimited = logins("rate_limited", metrics);
    }

    public SessionAnswer signUp(String email, String password) {
        String username = normalize(email);
        ParseUser user;
        try {
            user = parse.signUp(username, username, password);
        } catch (ParseException refused) {
            throw switch (refused.code()) {
                case USERNAME_TAKEN, EMAIL_TAKEN, ParseException.DUPLICATE_VALUE ->
                        ApiException.conflict("email_taken", "an account with this email exists");
                case INVALID_EMAIL -> ApiException.badRequest("email", "must be an email address");
                default -> refused;
            };
        }
        signups.increment();
        LOG.infof("signed up user %s", user.objectId());
        verifications.send(user.objectId(), username);
        return started(user, username);
    }

    /**
     * Unknown email and wrong password get one answer, so the login does not reveal who has an account.
     * The attempt is reserved with the throttle before the password is checked (see {@link LoginThrottle}).
     */
    public SessionAnswer logIn(String email, String password, String clientAddress) {
        String username = normalize(email);
        LOG.debugf("login attempt from %s", clientAddress);
        LoginThrottle.Attempt attempt;
        try {
            attempt = throttle.reserve(username, clientAddress);
        } catch (ApiException limited) {
            loginsRateLimited.increment();
            LOG.infof("login refused by the throttle from %s", clientAddress);
            throw limited;
        }
        ParseUser user;
        try {
            user = parse.logIn(username, password);
            attempt.succeeded();
        } catch (ParseException.ObjectNotFoundException wrong) {
            attempt.failed();
            loginsFailed.increment();
            throw ApiException.unauthorized("invalid_credentials", "the email or the password is wrong");
        } finally {
            // Parse unavailable: the password was not checked, so the attempt counts nothing.
            attempt.close();
        }
        loginsOk.increment();
        return started(user, username);
    }

    /**
     * Checks the current password (throttled as a login is), sets the new one and ends every session of the account,
     * the caller's included; the answer carries the caller's new session.
     */
    public SessionAnswer changePassword(SessionUser caller, String currentPassword, String newPassword,
            String clientAddress) {
        String email = caller.email();
        requirePassword(caller, currentPassword, clientAddress);
        parse.setPassword(caller.userId(), newPassword);
        parse.endSessions(caller.userId());
        sessions.forgetUser(caller.userId());
        links.deleteAllOf(caller.userId(), AccountLinks.Purpose.PASSWORD_RESET);
        LOG.infof("user %s changed their password; the other sessions ended", caller.userId());
        return started(parse.logIn(email, newPassword), email);
    }

    /**
     * Deletes the account (its password checked, throttled as a login is). The purge job's to-do is written first, so
     * whatever fails after it is finished by the registry's purge job; then at once: the devices are handed to that
     * job (their keys stop working), shares given and received, API tokens, mailed links, every session and the
     * {@code _User} row are deleted. Readings, summaries, commands, rules, alerts and rollouts go with the job's next
     * run (docs/security.md, "Deleting an account").
     */
    public void deleteAccount(SessionUser caller, String password, String clientAddress) {
        requirePassword(caller, password, clientAddress);
        String userId = caller.userId();
        Instant now = Instant.now();
        deletions.request(userId, caller.email(), now);
        devices.purgeAccount(userId, caller.email(), now);
        tokens.revokeAll(userId);
        for (AccountLinks.Purpose purpose : AccountLinks.Purpose.values()) {
            links.deleteAllOf(userId, purpose);
        }
        parse.endSessions(userId);
        try {
            parse.delete(ParseAuth.master(), "_User", userId);
        } catch (ParseException.ObjectNotFoundException concurrentDeletion) {
            // deleted by a concurrent request of the same user: the same outcome
        }
        parse.endSessions(userId); // a login that raced the deletion
        sessions.forgetUser(userId);
        LOG.infof("user %s deleted their account", userId);
    }

    private void requirePassword(SessionUser caller, String password, String clientAddress) {
        LoginThrottle.Attempt attempt = throttle.reserve(caller.email(), clientAddress);
        try {
            if (!parse.verifyPassword(caller.email(), password)) {
                attempt.failed();
                throw ApiException.forbidden("wrong_password", "the password is wrong");
            }
            attempt.succeeded();
        } finally {
            attempt.close();
        }
    }

    private static Counter logins(String outcome, MeterRegistry metrics) {
        return Counter.builder("pifleet.auth.logins").description("login attempts by outcome")
                .tag("outcome", outcome).register(metrics);
    }

    private SessionAnswer started(ParseUser user, String email) {
        sessions.remember(user.sessionToken(), SessionUser.session(user.objectId(), email));
        return SessionAnswer.of(user.objectId(), email, user.sessionToken());
    }

    static String normalize(String email) {
        return AccountEmail.Normal.of(email);
    }
}
