package dev.pifleet.auth.password;

import dev.pifleet.service.WindowLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Counts reset requests per client address and account mails per address (reset and verification, each under its
 * own key) in fixed windows ({@link WindowLimiter}: a slot is taken before the work, so parallel requests cannot
 * all pass before one is counted). In memory: each replica counts alone.
 */
@ApplicationScoped
public class ResetThrottle {

    private final WindowLimiter addresses;
    private final WindowLimiter emails;

    ResetThrottle(PasswordConfig config) {
        this.addresses = new WindowLimiter(config.maxPerAddress(), config.window());
        this.emails = new WindowLimiter(config.maxMailsPerEmail(), config.window());
    }

    /** Zero when the address may ask now (and counts it); else how long it must wait. */
    Duration takeRequest(String clientAddress) {
        return addresses.tryAcquire(clientAddress).orElse(Duration.ZERO);
    }

    /** True when a mail may go to this email now (and counts it). */
    public boolean takeMail(String email) {
        return emails.tryAcquire(email).isEmpty();
    }
}
